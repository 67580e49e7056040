package io.sendgate.core;

import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Predicate;

/**
 * The operations one can read by id, found by id and walked newest first. Ids are dense and given in order, so
 * they are kept in pages of {@link #PAGE} consecutive ids: the sorted map is of pages, touched once per page
 * rather than twice per operation, and the page ids are being given in is found without it. A sorted map of
 * every operation was an eighth of a batch's time (100,000 retained ids, a put at each accept and a remove at
 * each eviction).
 *
 * <p>A page goes once every id in it was removed. One that an operation still pending keeps costs
 * {@link #PAGE} references, whatever ended beside it.
 */
final class OperationIndex {
    private static final int SHIFT = 6;
    static final int PAGE = 1 << SHIFT;

    private final ConcurrentNavigableMap<Long, Page> pages = new ConcurrentSkipListMap<>();
    /** The page ids are being given in, so that nearly every put skips the map. */
    private volatile Page newest;
    /** The page the last remove found: retention removes in the order ids ended, mostly page after page. */
    private volatile Page removing;

    /** Called once per id, after the operation was given it. */
    void put(Operation op) {
        long id = op.id();
        Page page = newest;
        if (page == null || page.number != id >>> SHIFT) {
            page = pages.computeIfAbsent(id >>> SHIFT, Page::new);
            if (newest == null || newest.number < page.number) {
                newest = page;
            }
        }
        page.slots.set(slot(id), op);
    }

    Operation get(long id) {
        Page page = page(id);
        return page == null ? null : page.slots.get(slot(id));
    }

    /**
     * Called once for an id that was put, by one thread at a time (the log's, under its lock): retention removes,
     * so the count of a page's removals needs no atomic update, and a lookup that still finds an operation a moment
     * after its removal (the slot is cleared without a fence) finds what was retained a moment ago.
     */
    void remove(long id) {
        Page page = removing;
        if (page == null || page.number != id >>> SHIFT) {
            page = page(id);
            removing = page;
        }
        int slot = slot(id);
        if (page != null && page.slots.getPlain(slot) != null) {
            page.slots.setRelease(slot, null);
            if (++page.removed == PAGE) {
                // every id of the page was given and taken back: none will come to it again
                pages.remove(page.number, page);
            }
        }
    }

    /**
     * Hands {@code visit} the operations newest first, those with an id below {@code before} when it is given,
     * until it answers false.
     */
    void walkNewestFirst(Long before, Predicate<Operation> visit) {
        if (before != null && before <= 1) {
            return;
        }
        ConcurrentNavigableMap<Long, Page> below = before == null ? pages : pages.headMap((before - 1) >>> SHIFT, true);
        long end = before == null ? Long.MAX_VALUE : before;
        for (Page page : below.descendingMap().values()) {
            for (int i = PAGE - 1; i >= 0; i--) {
                Operation op = page.slots.get(i);
                if (op != null && op.id() < end && !visit.test(op)) {
                    return;
                }
            }
        }
    }

    /** Pages held: those with an id not yet given or not yet removed. */
    int pageCount() {
        return pages.size();
    }

    private Page page(long id) {
        Page page = newest;
        return page != null && page.number == id >>> SHIFT ? page : pages.get(id >>> SHIFT);
    }

    private static int slot(long id) {
        return (int) (id & (PAGE - 1));
    }

    private static final class Page {
        final long number;
        final AtomicReferenceArray<Operation> slots = new AtomicReferenceArray<>(PAGE);
        /** Written by the removing thread only. */
        int removed;

        Page(long number) {
            this.number = number;
            // id 0 is never given: the first page is done after 63 removals
            this.removed = number == 0 ? 1 : 0;
        }
    }
}
