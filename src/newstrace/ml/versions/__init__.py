"""Trace's version matcher: does this stored sentence state the traced claim?"""
