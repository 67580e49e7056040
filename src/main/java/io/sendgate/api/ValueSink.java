package io.sendgate.api;

import java.nio.CharBuffer;

/**
 * Where the chars of one JSON string value go, a window at a time, so that no value is ever whole in
 * the heap. The scanner never splits a surrogate pair across two windows and never hands over a lone
 * surrogate, so a sink can take every window whole.
 */
interface ValueSink {
    /** Takes the chars between the window's position and limit, and advances its position past them. */
    void accept(CharBuffer window);

    /** The value ended: whatever the sink still holds goes out, or the value is refused. */
    void end();
}
