"""Hand-written phrase banks, one module per portal language, that the corpus generator composes.

Each module has ITEMS (nouns the customer might name), OPENERS and CLOSERS (polite noise around the
message), CLAIMS (reason code → sentences with an optional `{item}` slot, the core of the message)
and ASIDES (reason code → short secondary clauses, used to make mixed-reason messages whose label
stays the main claim). The banks are deliberately written apart from the keyword baseline's lists,
so that the baseline is not evaluated on its own words.
"""
