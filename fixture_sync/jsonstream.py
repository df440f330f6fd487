"""The items of a JSON list in a file, decoded one at a time from chunks of the file.

A fixture file can be tens of megabytes; read whole, its text alone costs twice that
(a single curly quote makes Python store every character in two bytes), and parsed
whole, several times more. Reading a chunk at a time keeps one chunk and one item in
memory. Errors carry the line and column in the whole file, as ``json.loads`` would.
"""

import codecs
import hashlib
import json
import re

CHUNK = 1 << 20  # characters
_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\n\r]*")


class NotAList(ValueError):
    """The file holds JSON that is not a list (or starts like something else)."""


class Source:
    """A binary file read as UTF-8 text in chunks, hashing its bytes as they pass."""

    def __init__(self, stream):
        self.stream = stream
        self.hash = hashlib.sha256()
        self.decoder = codecs.getincrementaldecoder("utf-8")()

    def read(self, size):
        """Up to about ``size`` characters; "" at the end. Raises UnicodeDecodeError."""
        while True:
            data = self.stream.read(size)
            self.hash.update(data)
            text = self.decoder.decode(data, final=not data)
            if text or not data:
                return text

    def digest(self):
        return self.hash.digest()


class Buffer:
    """The part of the text not yet consumed, and where it starts in the whole file."""

    def __init__(self, source, chunk=CHUNK):
        self.source, self.chunk = source, chunk
        self.text, self.pos, self.eof = "", 0, False
        self.lines, self.column = 0, 0  # line breaks before self.text, characters since the last

    def fill(self):
        """Read another chunk; False at the end of the file."""
        if self.eof:
            return False
        piece = self.source.read(self.chunk)
        if not piece:
            self.eof = True
            return False
        self.drop_consumed()
        self.text += piece
        return True

    def drop_consumed(self):
        consumed = self.text[: self.pos]
        breaks = consumed.count("\n")
        if breaks:
            self.lines += breaks
            self.column = len(consumed) - consumed.rfind("\n") - 1
        else:
            self.column += len(consumed)
        self.text, self.pos = self.text[self.pos :], 0

    def peek(self):
        """The next character, or "" at the end of the file."""
        while self.pos >= len(self.text):
            if not self.fill():
                return ""
        return self.text[self.pos]

    def skip_space(self):
        while True:
            self.pos = _SPACE.match(self.text, self.pos).end()
            if self.pos < len(self.text) or not self.fill():
                return

    def decode(self):
        """The next JSON value. A value cut off by the end of the chunk is read again with more."""
        while True:
            try:
                value, end = _DECODER.raw_decode(self.text, self.pos)
            except json.JSONDecodeError as error:
                if self.fill():
                    continue
                raise self.located(error.msg, error.pos) from None
            if end == len(self.text) and self.fill():
                continue  # a number may go on in the next chunk
            self.pos = end
            return value

    def located(self, message, pos):
        """A JSONDecodeError at ``pos`` of the buffer, with its line and column in the whole file."""
        error = json.JSONDecodeError(message, self.text, pos)
        breaks = self.text.count("\n", 0, pos)
        error.lineno = self.lines + breaks + 1
        error.colno = pos - self.text.rfind("\n", 0, pos) if breaks else self.column + pos + 1
        return error


def json_items(source, chunk=CHUNK):
    """The items of the JSON list that ``source`` (a :class:`Source`) holds, one at a time.

    Raises json.JSONDecodeError with the line and column in the file, NotAList, or
    RecursionError (nesting too deep for the decoder).
    """
    buffer = Buffer(source, chunk)
    buffer.skip_space()
    if buffer.peek() != "[":
        raise NotAList(buffer.peek())
    buffer.pos += 1
    buffer.skip_space()
    if buffer.peek() == "]":
        buffer.pos += 1
    else:
        while True:
            yield buffer.decode()
            buffer.skip_space()
            following = buffer.peek()
            buffer.pos += 1
            if following == "]":
                break
            if following != ",":
                raise buffer.located("Expecting ',' delimiter", buffer.pos - 1)
            buffer.skip_space()
    buffer.skip_space()
    if buffer.peek():
        raise buffer.located("Extra data", buffer.pos)
