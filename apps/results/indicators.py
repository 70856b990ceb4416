"""Indicators: registered in this module."""
