"""Words: stems and when two count as one (`stems`), WordNet's relations (`wordnet`), and the
project's word lists kept as data files with their provenance (`words`, `lists/`)."""
