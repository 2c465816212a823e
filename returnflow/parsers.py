"""Request parsers of the API (a module of its own: DRF imports parsers while it sets itself up)."""
from rest_framework import exceptions, parsers


class SafeJSONParser(parsers.JSONParser):
    """The JSON parser, with a body nested deeper than Python can recurse answered as a parse error.

    json.loads raises RecursionError (not ValueError) on e.g. 50 000 `[`; DRF would let it become a 500.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError("JSON parse error - the document is nested too deeply.") from None
