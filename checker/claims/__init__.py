"""Claims: prose cut into sentences (`sentences`), parsed by spaCy (`parse`), each built into a
claim (`build`) with its participants by role (`roles`, `frames`), its negation (`negation`) and
life spans (`life_spans`); analysed blocks are kept on disk (`cache`)."""
