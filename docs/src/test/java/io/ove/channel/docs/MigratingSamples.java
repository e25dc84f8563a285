package io.ove.channel.docs;

import io.ove.channel.Channel;
import io.ove.channel.ChannelClosedException;
import io.ove.channel.Receiver;
import io.ove.channel.Sender;
import io.ove.channel.spring.ChannelListener;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.stereotype.Component;
import org.springframework.stereotype.Service;

/**
 * Holds the Java samples of {@code docs/migrating.md}, line for line, so that they compile against
 * the real API (and, for the "before" samples, against the JDK's {@code BlockingQueue}). The
 * Spring Integration side of that page is prose and tables only: Spring Integration is no
 * dependency of this module. {@link DocumentationSamplesTest} checks that each sample of the page
 * is here.
 */
final class MigratingSamples {

    /** A unit of work, the message type of the {@code BlockingQueue} samples. */
    record Job(int id) {
    }

    private final Queue<Job> later = new ConcurrentLinkedQueue<>();
    private final Queue<Job> unfinished = new ConcurrentLinkedQueue<>();
    private final LongAdder failures = new LongAdder();

    /** "The main difference: handles", before. */
    void sharedQueue(Job job) throws InterruptedException {
        // Before: one queue object, shared by every thread
        BlockingQueue<Job> queue = new ArrayBlockingQueue<>(1024);
        queue.put(job);                       // waits while full
        Job next = queue.take();              // waits while empty
        run(next);
    }

    /** "The main difference: handles", after. */
    void channelHandles(Job job) throws InterruptedException {
        // After: a channel, and a counted handle for each side
        Channel<Job> jobs = Channel.bounded(1024);
        Sender<Job> tx = jobs.sender();
        Receiver<Job> rx = jobs.receiver();
        tx.send(job);                         // waits while full; throws ChannelClosedException once closed
        Job next = rx.recv();                 // waits while empty; throws once closed and drained
        run(next);
    }

    /** "offer returning false becomes FULL or CLOSED", before. */
    void offer(BlockingQueue<Job> queue, Job job) {
        if (!queue.offer(job)) {
            retryLater(job);                  // full for now, or for good? false does not say
        }
    }

    /** "offer returning false becomes FULL or CLOSED", after. */
    void trySend(Sender<Job> tx, Job job) {
        switch (tx.trySend(job)) {
            case SENT -> { }
            case FULL -> retryLater(job);     // no room now; the job is still yours
            case CLOSED -> discard(job);      // nobody will ever receive it
        }
    }

    /** "poll(timeout) becomes recv(Duration)". */
    void pollLoop(Receiver<Job> rx) throws InterruptedException {
        try {
            while (true) {
                Job job = rx.recv(Duration.ofMillis(500));   // null if nothing came within 500 ms
                if (job == null) {
                    idle();                                  // the place for housekeeping between jobs
                } else {
                    run(job);
                }
            }
        } catch (ChannelClosedException done) {
            // closed and drained: no more jobs, ever
        }
    }

    /** "drainTo". */
    List<Job> drain(Receiver<Job> rx) throws InterruptedException {
        List<Job> batch = new ArrayList<>(100);
        batch.add(rx.recv());                 // wait for the first job
        rx.drainTo(batch, 99);                // then take what else is already there, without waiting
        return batch;
    }

    /**
     * "Poison pills become closing the last sender", before. Producer and consumer share one
     * method here only so that the sample compiles as one block; they run on different threads.
     */
    void poisonPill(BlockingQueue<Job> queue, List<Job> batch, int consumers) throws InterruptedException {
        Job poison = new Job(-1);             // a value no real job can have
        // producer: one pill per consumer, so it must know how many consumers there are
        for (Job job : batch) {
            queue.put(job);
        }
        for (int i = 0; i < consumers; i++) {
            queue.put(poison);
        }
        // each consumer
        for (Job job = queue.take(); job != poison; job = queue.take()) {
            run(job);
        }
    }

    /** "Poison pills become closing the last sender", after. */
    void closingTheLastSender(List<Job> batch, int consumers) throws InterruptedException {
        Channel<Job> jobs = Channel.bounded(1024);
        Receiver<Job> rx = jobs.receiver();
        for (int i = 0; i < consumers; i++) {
            Receiver<Job> consumer = rx.clone();      // one counted handle per consumer thread
            new Thread(() -> {
                try (consumer) {
                    for (Job job : consumer) {        // ends once the channel is closed and drained
                        run(job);
                    }
                }
            }).start();
        }
        rx.close();                                   // the consumers' clones keep the channel open
        try (Sender<Job> tx = jobs.sender()) {
            for (Job job : batch) {
                tx.send(job);
            }
        }                                             // the last sender is closed: consumers drain, then stop
    }

    /** "Elements left over are reported, not lost". */
    Channel<Job> reportingLeftovers() {
        Channel<Job> jobs = Channel.<Job>builder(1024)
                .name("jobs")
                .onUndelivered((job, reason) -> unfinished.add(job))   // called for each job left at the close
                .build();
        return jobs;
    }

    /** "Not a ThreadPoolExecutor work queue": the workers. */
    List<Thread> workers() {
        Channel<Runnable> work = Channel.bounded(256);
        Receiver<Runnable> rx = work.receiver();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Receiver<Runnable> mine = rx.clone();
            Thread worker = new Thread(() -> {
                try (mine) {
                    for (Runnable task : mine) {
                        try {
                            task.run();
                        } catch (RuntimeException e) {
                            failures.increment();     // keep the worker alive, as an executor would
                        }
                    }
                }
            }, "worker-" + i);
            worker.start();
            workers.add(worker);
        }
        rx.close();
        return workers;
    }

    /** "Not a ThreadPoolExecutor work queue": a submission, and the shutdown. */
    void submitAndShutDown(Sender<Runnable> submit, Runnable task, List<Thread> workers) throws InterruptedException {
        switch (submit.trySend(task)) {
            case SENT -> { }
            case FULL -> task.run();          // where an executor rejects: run it here, shed it, or send(task) to wait
            case CLOSED -> throw new RejectedExecutionException("the workers are shutting down");
        }

        submit.close();                       // like shutdown(): queued tasks still run, new ones get CLOSED
        for (Thread worker : workers) {
            worker.join();                    // like awaitTermination(), without a timeout
        }
    }

    /** "From Spring Integration's QueueChannel": the producer side. */
    @Service
    class OrderDesk {

        private final Sender<Order> orders;

        OrderDesk(Sender<Order> orders) {
            this.orders = orders;
        }

        boolean accept(Order order) throws InterruptedException {
            return orders.send(order, Duration.ofMillis(100)).isSent();   // false: still full after 100 ms
        }
    }

    /** "From Spring Integration's QueueChannel": the consumer side. */
    @Component
    class Fulfilment {

        @ChannelListener(channel = "orders", concurrency = "4")
        void fulfil(Order order) {
            // called with the order itself, on one of 4 threads that wait on the channel
        }
    }

    /** "From Spring Integration's QueueChannel": a receive with a timeout, in a loop of your own. */
    static Order receiveWithTimeout(Receiver<Order> orders) throws InterruptedException {
        Order next = orders.recv(Duration.ofSeconds(1));   // null if no order came within a second
        return next;
    }

    /** "No Message envelope". */
    record OrderMessage(Order order, String correlationId, Instant acceptedAt) {
    }

    private void run(Job job) {
        later.remove(job);
    }

    private void retryLater(Job job) {
        later.add(job);
    }

    private void discard(Job job) {
        later.remove(job);
    }

    private void idle() {
        later.clear();
    }
}
