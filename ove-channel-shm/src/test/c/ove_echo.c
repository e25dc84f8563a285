/*
 * ove_echo.c - an echo peer for the round-trip benchmark of shared-memory channels.
 * Usage: ove_echo PING PONG. Opens two existing channel files, receives every message of PING
 * with blocking receives and sends it back, byte for byte, on PONG, until PING is closed and
 * drained; then closes its handles (which closes PONG if its sender was the last) and exits 0.
 * Prints "READY" once both handles are open, "ERROR <text>" (exit 2) on a failure.
 */
#include "ove_channel.h"

#include <stdio.h>

int main(int argc, char **argv) {
    if (argc != 3) {
        printf("ERROR usage: ove_echo PING PONG\n");
        return 2;
    }
    char error[512];
    ove_channel_t *ping = ove_channel_open(argv[1], NULL, error, sizeof error);
    ove_channel_t *pong = ping == NULL ? NULL : ove_channel_open(argv[2], NULL, error, sizeof error);
    ove_handle_t *rx = pong == NULL ? NULL : ove_channel_receiver(ping);
    ove_handle_t *tx = rx == NULL ? NULL : ove_channel_sender(pong);
    if (tx == NULL) {
        printf("ERROR %s\n", pong == NULL ? error : "cannot open the handles");
        return 2;
    }
    printf("READY\n");
    fflush(stdout);
    char buffer[4096];
    size_t length;
    while (ove_recv(rx, buffer, sizeof buffer, &length) == OVE_OK) {
        if (ove_send(tx, buffer, length) != OVE_OK) {
            break;
        }
    }
    ove_channel_close(pong);
    ove_channel_close(ping);
    return 0;
}
