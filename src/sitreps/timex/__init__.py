"""Time expressions: recognition, TimeML normalisation and event dates (see DESIGN.md, "Places and dates").

* :func:`find_timexes` -- DATE / TIME / DURATION / SET expressions with TimeML values, resolved
  against the publication date (rules in :mod:`sitreps.timex.rules`);
* :func:`event_date` -- the date of an event stated in a sentence, ACLED time precision 1-3;
* :func:`parse_published` -- a publication date from a record field or a dateline.
"""

from sitreps.timex.resolve import event_date, parse_published
from sitreps.timex.rules import find_timexes

__all__ = ["event_date", "find_timexes", "parse_published"]
