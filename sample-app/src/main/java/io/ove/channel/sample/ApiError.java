package io.ove.channel.sample;

import java.util.List;

/**
 * The JSON body of every error answer of the sample's API.
 *
 * @param error    a stable, machine-readable code, for example {@code channel-full}
 * @param message  what went wrong and what to do, for a person
 * @param problems each problem with the request, when there are several; empty otherwise
 */
public record ApiError(String error, String message, List<String> problems) {

    /**
     * @param error   the code
     * @param message the explanation
     * @return an error without a list of problems
     */
    public static ApiError of(String error, String message) {
        return new ApiError(error, message, List.of());
    }
}
