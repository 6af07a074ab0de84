"""Values: the dates and numbers a contradiction can hinge on, read off text (`extract`: see its
documentation for every form recognised), and when two can both be true (`compatibility`)."""

from checker.values.compatibility import compatible, same_dates, values_differ
from checker.values.extract import extract_values
from checker.values.tables import MEASURE_UNITS, MONTH_OF_YEAR, NO_YEAR

__all__ = ["MEASURE_UNITS", "MONTH_OF_YEAR", "NO_YEAR", "compatible", "extract_values", "same_dates", "values_differ"]
