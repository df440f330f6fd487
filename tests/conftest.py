"""Shared test data: the seed fixtures loaded through reload_fixtures, and helpers."""
