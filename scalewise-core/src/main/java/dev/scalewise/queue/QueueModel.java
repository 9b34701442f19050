package dev.scalewise.queue;

/** The service during one control step: arrivals in, served/dropped/backlog and latency out. */
public interface QueueModel {

    /**
     * Serves one step.
     *
     * @param arrivalRate   mean arrival rate during the step (requests/s)
     * @param serviceRate   service rate of one ready instance (requests/s)
     * @param servers       ready instances
     * @param backlogBefore requests waiting at the start of the step
     * @param dtSeconds     step length
     */
    StepOutcome serve(double arrivalRate, double serviceRate, int servers, double backlogBefore, double dtSeconds);
}
