"""Tests of the rule families, one file per module of samtransform/rules/ (a package, so that a file here
may share its name with one in tests/features/)."""
