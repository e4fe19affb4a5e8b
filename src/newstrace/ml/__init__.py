"""Small shipped classifiers that run on numpy alone; training code needs scikit-learn."""
