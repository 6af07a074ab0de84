"""Values: the dates and numbers a contradiction can hinge on, read off text (`extract`: see its
documentation for every form recognised), and when two can both be true (`compatibility`)."""

from checker.values.compatibility import compatible, same_dates, values_differ
from checker.values.extract import extract_values
from checker.values.tables import MEASURE_UNITS, MONTH_OF_YEAR, NO_YEAR

# More values than this in one sentence make it a list or a table read as prose (fixtures,
# results, a run of figures), not a statement whose values can be set against another's.
MAX_PROSE_VALUES = 8

__all__ = ["MAX_PROSE_VALUES", "MEASURE_UNITS", "MONTH_OF_YEAR", "NO_YEAR", "compatible", "extract_values",
           "same_dates", "values_differ"]
