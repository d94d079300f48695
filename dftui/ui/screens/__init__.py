"""Screens: one module per area and per detail view."""
