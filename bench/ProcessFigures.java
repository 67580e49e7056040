import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one JVM holds, read from outside it through jcmd and /proc: the heap after a full GC, the resident
 * set, the JVM's own native memory (when it runs with -XX:NativeMemoryTracking), threads and descriptors.
 *
 * @param heapUsedKb     the Java heap in use right after GC.run
 * @param rssKb          VmRSS: everything resident, the driver's malloc'd send buffers included
 * @param nmtCommittedKb the JVM's own native memory (heap, metaspace, threads, code...), -1 without NMT;
 *                       memory malloc'd through JNA is not in it, but is in the RSS
 * @param osThreads      every thread of the process, the JVM's GC and compiler threads included
 * @param javaThreads    threads in a thread dump
 * @param epollThreads   the driver's epoll threads among them
 * @param fds            open descriptors
 */
record ProcessFigures(long heapUsedKb, long rssKb, long nmtCommittedKb, long osThreads, long javaThreads,
                      long epollThreads, long fds) {
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");
    private static final Pattern NMT_TOTAL = Pattern.compile("Total: reserved=\\d+KB, committed=(\\d+)KB");
    private static final Pattern HISTOGRAM_ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

    static ProcessFigures of(String pid) throws Exception {
        Bench.jcmd(pid, "GC.run");
        long heap = first(HEAP_USED, Bench.jcmd(pid, "GC.heap_info"));
        long nmt = first(NMT_TOTAL, Bench.jcmd(pid, "VM.native_memory summary"));
        String threads = Bench.jcmd(pid, "Thread.print");
        long java = threads.lines().filter(l -> l.startsWith("\"")).count();
        long epoll = threads.lines().filter(l -> l.startsWith("\"sendgate-epoll")).count();
        return new ProcessFigures(heap, status(pid, "VmRSS"), nmt, status(pid, "Threads"), java, epoll, descriptors(pid));
    }

    /** Live instances and bytes by class, after a full GC: {instances, bytes}. */
    static Map<String, long[]> histogram(String pid) throws Exception {
        Map<String, long[]> byClass = new HashMap<>();
        for (String line : Bench.jcmd(pid, "GC.class_histogram").split("\n")) {
            Matcher m = HISTOGRAM_ROW.matcher(line);
            if (m.find()) {
                byClass.put(m.group(3), new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
            }
        }
        return byClass;
    }

    /** A field of /proc/PID/status, as a number (kB for sizes). */
    static long status(String pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }

    /** The soft limit on open files of a process ("self" for this one). */
    static long fileLimit(String pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", pid, "limits"))) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
            }
        }
        return -1;
    }

    /**
     * CPU time (user and system, in ms) the threads named {@code name} have used: the cost of a phase in
     * one thread, which the machine's other load leaves as it is, unlike the phase's wall time.
     */
    static long threadCpuMillis(String pid, String name) throws IOException {
        long ticks = 0;
        try (var tasks = Files.list(Path.of("/proc", pid, "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                if (proc(task.resolve("comm").toString()).equals(name)) {
                    // after the command's closing parenthesis: state is field 3, utime 14 and stime 15
                    String stat = proc(task.resolve("stat").toString());
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                }
            }
        }
        return ticks * 10; // USER_HZ is 100 on Linux
    }

    static long descriptors(String pid) throws IOException {
        try (var s = Files.list(Path.of("/proc", pid, "fd"))) {
            return s.count();
        }
    }

    /** A file of /proc as text: read as a stream, since Files.readString trusts the size procfs reports. */
    static String proc(String path) throws IOException {
        try (var in = Files.newInputStream(Path.of(path))) {
            return new String(in.readAllBytes()).trim();
        }
    }

    private static long first(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
