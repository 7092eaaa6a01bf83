"""The driver on Python 3.12 and up: sys.monitoring (PEP 669) instead of a profile hook.

Only function starts are watched everywhere; a code object that is not the project's, or whose quota is
full, answers DISABLE once and is never reported again, so untraced code costs nothing after its first
call. Returns (and a generator's yields) are watched only on the project's own code objects. An
unwinding frame reports its exception directly, so raises need none of the profile driver's guesswork;
a generator reports its first start, each yield, a throw() or close() into it and its end apart.
"""

from __future__ import annotations

import sys

TOOL_NAME = "sftmine"


def install(rec) -> bool:
    """Start the recorder on sys.monitoring; False when this Python has none or the slot is taken."""
    mon = getattr(sys, "monitoring", None)
    if mon is None:
        return False
    tool = mon.PROFILER_ID
    try:
        mon.use_tool_id(tool, TOOL_NAME)
    except ValueError:  # another profiler holds the slot: the profile hook is the fallback
        return False
    rec.driver = "monitoring"
    events, disable, getframe = mon.events, mon.DISABLE, sys._getframe
    codes_get, active, failed = rec.codes.get, rec.active, rec.logger.failed

    def start(code, offset):
        try:
            func = codes_get(code)
            if func is None:
                func = rec.classify(getframe(1))
                if func is not False:
                    generator = events.PY_YIELD if func.generator else 0
                    mon.set_local_events(tool, code, events.PY_RETURN | generator)
            if func is False:
                return disable
            rec.on_call(getframe(1), func)
        except Exception as exc:  # noqa: BLE001 - never into the traced program
            failed(exc)
        return None

    def finisher(finish):
        """A PY_RETURN or PY_UNWIND callback: `value` is the return value or the exception."""
        def callback(code, offset, value):
            if active:
                try:
                    entry = active.pop(getframe(1), None)
                    if entry is not None:
                        finish(entry, value)
                except Exception as exc:  # noqa: BLE001
                    failed(exc)

        return callback

    def yielded(code, offset, value):
        if active:
            try:
                frame = getframe(1)
                entry = active.get(frame)
                if entry is not None and not rec.yielded(entry, value):
                    del active[frame]
            except Exception as exc:  # noqa: BLE001
                failed(exc)

    def thrown(entry, exc):
        """A throw() or close() into a generator: what it yields next is not what islice would see."""
        rec.finished(entry, exhausted=False)

    mon.register_callback(tool, events.PY_START, start)
    mon.register_callback(tool, events.PY_RETURN, finisher(rec.returned))
    mon.register_callback(tool, events.PY_UNWIND, finisher(rec.raised))
    mon.register_callback(tool, events.PY_YIELD, yielded)
    mon.register_callback(tool, events.PY_THROW, finisher(thrown))
    mon.set_events(tool, events.PY_START | events.PY_UNWIND | events.PY_THROW)
    return True


def uninstall() -> None:
    mon = sys.monitoring
    tool = mon.PROFILER_ID
    if mon.get_tool(tool) == TOOL_NAME:
        mon.set_events(tool, 0)
        for event in (mon.events.PY_START, mon.events.PY_RETURN, mon.events.PY_UNWIND, mon.events.PY_YIELD,
                      mon.events.PY_THROW):
            mon.register_callback(tool, event, None)
        mon.free_tool_id(tool)
