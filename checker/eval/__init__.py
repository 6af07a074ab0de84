"""`checker eval`: detection quality on labelled data, through the same code path users run."""
