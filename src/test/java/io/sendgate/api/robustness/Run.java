package io.sendgate.api.robustness;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One seeded run: requests generated, sent and their answers checked one by one, then the checks of what
 * the service must be after them, the report, and the clean-up.
 */
public final class Run {
    public static final long DEFAULT_SEED = 0x5E7D6A7EL;
    public static final int DEFAULT_REQUESTS = 3000;
    /** At least this many requests of a run of the default length are malformed ones (it runs on until they are). */
    private static final int MIN_MALFORMED = 2000;

    private final long seed;
    private final int requests;
    private final Service service;

    public Run(long seed, int requests, Service service) {
        this.seed = seed;
        this.requests = requests;
        this.service = service;
    }

    public void go() throws Exception {
        System.out.println("[robustness] seed " + seed + " (replay: -Dsendgate.fuzz.seed=" + seed + "), "
                + requests + " requests");
        long started = System.nanoTime();
        Dice dice = new Dice(seed);
        Tally tally = new Tally();
        Model model = new Model();
        try {
            model.setUp(service.api());
            // what the service holds now, it must hold again after the run
            FinalChecks finalChecks = new FinalChecks(service, model, tally, dice);
            Requests generator = new Requests(dice, model, service, tally);
            Transport transport = new Transport(service.port());
            AnswerCheck answers = new AnswerCheck(tally, new Shapes(model));

            long fuzzStarted = System.nanoTime();
            // at least the requests asked for, and (at the default length) at least MIN_MALFORMED malformed ones
            int floor = requests >= DEFAULT_REQUESTS ? MIN_MALFORMED : 0;
            int index;
            for (index = 0; index < requests || tally.malformed < floor && index < 2 * requests; index++) {
                dice.reseed(seed, index);
                tally.index = index;
                Request r = generator.next();
                tally.transport(r);
                answers.check(r, transport.perform(r));
            }
            long fuzzMillis = (System.nanoTime() - fuzzStarted) / 1_000_000;

            long checksStarted = System.nanoTime();
            finalChecks.run();
            tally.report(seed, index, model, fuzzMillis, (System.nanoTime() - checksStarted) / 1_000_000,
                    (System.nanoTime() - started) / 1_000_000);
        } finally {
            model.cleanUp(service.api());
        }
        if (requests >= DEFAULT_REQUESTS) {
            assertThat(tally.malformed).as("malformed requests in the run").isGreaterThanOrEqualTo(MIN_MALFORMED);
        }
        assertThat(tally.failureCount).as("seed %d (replay with -Dsendgate.fuzz.seed=%d): %d defects\n%s",
                seed, seed, tally.failureCount, tally.failures()).isZero();
    }
}
