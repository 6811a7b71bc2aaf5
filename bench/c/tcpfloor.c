/*
 * tcpfloor.c -- the floor of an AllReduce over loopback TCP on this machine: the time P
 * processes take only to move the bytes a bandwidth-optimal AllReduce moves, with no reduction,
 * no matching, no runtime. Each process sends BYTES to the next one in a ring while it receives
 * BYTES from the previous one (non-blocking sockets, poll(2), 1 MiB per send call, TCP_NODELAY),
 * which is the traffic of the ring or Rabenseifner AllReduce of N bytes when
 * BYTES = 2 (P-1)/P * N (bench/mpj.sh passes that). A process that waits sleeps in poll.
 *
 * Build:  gcc -O2 -o tcpfloor tcpfloor.c
 * Run:    ./tcpfloor P BYTES [SAMPLES] [CALLS]
 *         (default 7 samples of 4 back-to-back exchanges; the first sample is a warm-up)
 * Prints, per sample after the warm-up, the wall time of one exchange (the slowest process's
 * time for CALLS exchanges, divided by CALLS), then the median and minimum:
 *   tcpfloor P BYTES MEDIAN_US MIN_US
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CHUNK (1 << 20)
#define MAX_SAMPLES 100

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static void die(const char *what)
{
    perror(what);
    exit(2);
}

/* One exchange: send len bytes on out while receiving len bytes on in. */
static void exchange(int out, int in, const char *sb, char *rb, long len)
{
    long sent = 0, got = 0;
    while (sent < len || got < len) {
        struct pollfd f[2] = {{out, sent < len ? POLLOUT : 0, 0}, {in, got < len ? POLLIN : 0, 0}};
        if (poll(f, 2, 10000) <= 0)
            die("poll (no progress for 10 s)");
        if (sent < len && (f[0].revents & POLLOUT)) {
            long n = send(out, sb + sent, len - sent < CHUNK ? len - sent : CHUNK, 0);
            if (n > 0)
                sent += n;
        }
        if (got < len && (f[1].revents & POLLIN)) {
            long n = recv(in, rb + got, len - got, 0);
            if (n == 0)
                die("recv (peer closed)");
            if (n > 0)
                got += n;
        }
    }
}

/* Listening socket on an ephemeral loopback port; its port goes to *port. */
static int listen_any(int *port)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {0};
    socklen_t len = sizeof a;
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 4)
        || getsockname(s, (struct sockaddr *)&a, &len))
        die("listen");
    *port = ntohs(a.sin_port);
    return s;
}

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s P BYTES [SAMPLES] [CALLS]\n", argv[0]);
        return 2;
    }
    int p = atoi(argv[1]);
    long bytes = atol(argv[2]);
    int samples = argc > 3 ? atoi(argv[3]) : 7;
    int calls = argc > 4 ? atoi(argv[4]) : 4;
    if (p < 2 || p > 64 || bytes <= 0 || samples < 2 || samples > MAX_SAMPLES || calls < 1) {
        fprintf(stderr, "tcpfloor: need 2 <= P <= 64, BYTES > 0, 2 <= SAMPLES <= %d, CALLS >= 1\n", MAX_SAMPLES);
        return 2;
    }
    int ports[64], listeners[64], results[2];
    for (int r = 0; r < p; r++)
        listeners[r] = listen_any(&ports[r]);
    if (pipe(results))
        die("pipe");
    for (int r = 0; r < p; r++) {
        if (fork() != 0)
            continue;
        int one = 1;
        int out = socket(AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in a = {0};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        a.sin_port = htons(ports[(r + 1) % p]);
        if (connect(out, (struct sockaddr *)&a, sizeof a))
            die("connect");
        int in = accept(listeners[r], NULL, NULL);
        if (in < 0)
            die("accept");
        setsockopt(out, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        fcntl(out, F_SETFL, O_NONBLOCK);
        fcntl(in, F_SETFL, O_NONBLOCK);
        char *sb = malloc(bytes), *rb = malloc(bytes);
        if (!sb || !rb)
            die("malloc");
        memset(sb, r + 1, bytes);
        memset(rb, 0, bytes);
        double times[MAX_SAMPLES];
        for (int s = 0; s < samples; s++) {
            usleep(50000); /* let every process get to the start */
            double t0 = now();
            for (int c = 0; c < calls; c++)
                exchange(out, in, sb, rb, bytes);
            times[s] = (now() - t0) / calls;
        }
        if (rb[bytes - 1] != (char)((r + p - 1) % p + 1))
            die("wrong data received");
        if (write(results[1], times, sizeof times) != sizeof times)
            die("write");
        exit(0);
    }
    close(results[1]);
    double worst[MAX_SAMPLES] = {0}, times[MAX_SAMPLES];
    for (int r = 0; r < p; r++) {
        if (read(results[0], times, sizeof times) != sizeof times) {
            fprintf(stderr, "tcpfloor: a process failed\n");
            return 1;
        }
        for (int s = 0; s < samples; s++)
            worst[s] = times[s] > worst[s] ? times[s] : worst[s];
    }
    for (int r = 0; r < p; r++)
        wait(NULL);
    int n = samples - 1; /* sample 0 is the warm-up */
    double *t = worst + 1;
    qsort(t, n, sizeof *t, compare);
    printf("tcpfloor %d %ld %.2f %.2f\n", p, bytes, 1e6 * (n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2),
           1e6 * t[0]);
    return 0;
}
