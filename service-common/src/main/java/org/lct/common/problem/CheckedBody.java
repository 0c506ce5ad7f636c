package org.lct.common.problem;

/**
 * A request body its service checks in full: the service adds {@code BodyProblems.found()} (the body's unknown
 * fields) to its own findings and answers them all in one 400, instead of the body being refused at its first
 * unknown field.
 */
public interface CheckedBody {
}
