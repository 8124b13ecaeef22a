package dev.entitlements.assignment.assignments.service;

/** The answer to a create: the assignment, and whether it is the stored answer to a retried {@code Idempotency-Key}. */
public record CreateOutcome(AssignmentView assignment, boolean replayed) {

    static CreateOutcome created(AssignmentView assignment) {
        return new CreateOutcome(assignment, false);
    }
}
