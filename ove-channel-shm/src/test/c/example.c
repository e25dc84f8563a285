/* example.c - creates (or opens) a shared-memory channel by path, sends three messages and receives them. */
#include "ove_channel.h"
#include <stdio.h>

int main(void) {
    char error[256], buffer[64];
    ove_channel_config_t config = {.capacity = 16, .max_message_size = 64, .create = 1};
    ove_channel_t *channel = ove_channel_open("/dev/shm/ove-example", &config, error, sizeof error);
    if (channel == NULL) { fprintf(stderr, "%s\n", error); return 1; }
    ove_handle_t *tx = ove_channel_sender(channel), *rx = ove_channel_receiver(channel);
    for (int i = 0; i < 3; i++) {
        int n = snprintf(buffer, sizeof buffer, "message %d", i);
        ove_send(tx, buffer, (size_t)n);                /* waits while the ring is full */
    }
    ove_handle_close(tx);                               /* the last sender: receivers drain, then CLOSED */
    size_t length;
    while (ove_recv(rx, buffer, sizeof buffer, &length) == OVE_OK)
        printf("%.*s\n", (int)length, buffer);
    ove_channel_close(channel);                         /* closes rx too */
    remove("/dev/shm/ove-example");                     /* only when no peer needs the channel any more */
    return 0;
}
