"""Tests of the editing layer."""
