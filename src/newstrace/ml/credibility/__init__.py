"""Outlet credibility from text: the shipped classifier and its training."""
