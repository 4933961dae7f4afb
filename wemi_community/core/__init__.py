"""Pieces every app may use; they depend on nothing of the project."""
