"""Each request on a frame stack chunk of its own, roomy enough for all of it.

CPython 3.11 keeps Python frames in 16 KB chunks and frees a chunk as soon as the first frame in it
returns. A loop whose calls cross a chunk's edge — the template engine rendering 400 calendar items
some 70 frames deep — then maps and unmaps memory on nearly every call, and the same page costs up to
twice its CPU depending only on how deep the server's stack happens to be when it renders
(python/cpython#142183; fixed in 3.15, backported to 3.13 and 3.14, not to 3.11).

`run(call)` has a value stack of 70,000 slots, never used: entering it makes CPython start a chunk of
1 MB, and the rest of that chunk (~460 KB, far more than the deepest request needs) holds everything
`call` does, so no call of the request crosses an edge. It costs one mmap and munmap a request.
Remove it with Python 3.11.
"""

SLOTS = 70_000

# A function whose bytecode unpacks into 70,000 targets needs that many stack slots in its frame.
_source = "def run(call, value=None):\n    if value:\n        " + "value[0]," * SLOTS + " = value\n    return call()\n"
_namespace = {}
exec(compile(_source, __name__, "exec"), _namespace)  # noqa: S102 — generated above, no input in it
run = _namespace["run"]


class RoomyStackMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return run(lambda: self.get_response(request))
