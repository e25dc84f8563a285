// The Go peer of ove-channel's benchmark suite.
//
// It runs the workload of the suite's Java benchmarks on Go's channels, so the
// report can show the numbers side by side. The command-line protocol is the
// same as the crossbeam peer's:
//
//	go-peer transfer <producers> <consumers> <capacity> <messages> <warmups> <iterations>
//	go-peer pingpong <capacity> <roundtrips> <warmups> <iterations>
//
// transfer prints "iteration <elapsed_nanos>" per measured iteration, then
// "checksum <n>"; pingpong prints "percentiles <p50> <p99> <p999>" (in
// nanoseconds, nearest rank) per iteration. Bad arguments exit with 2, a lost
// or duplicated message with 1.
//
// It uses the standard library only, so NativePeer builds it with a plain
// "go build" of this one file, without a module and without the network.
package main

import (
	"fmt"
	"math"
	"os"
	"sort"
	"strconv"
	"sync"
	"time"
)

// values is how many distinct values the producers cycle through: a pre-built
// array, so sending does not include making the value.
const values = 1024

const usageText = `usage:
  go-peer transfer <producers> <consumers> <capacity> <messages> <warmups> <iterations>
  go-peer pingpong <capacity> <roundtrips> <warmups> <iterations>`

func usage(problem string) {
	fmt.Fprintf(os.Stderr, "%s\n%s\n", problem, usageText)
	os.Exit(2)
}

func number(args []string, index int, name string, min int64) int64 {
	if index >= len(args) {
		usage("missing <" + name + ">")
	}
	value, err := strconv.ParseInt(args[index], 10, 64)
	if err != nil || value < min {
		usage(fmt.Sprintf("<%s> must be an integer >= %d, not '%s'", name, min, args[index]))
	}
	return value
}

func main() {
	args := os.Args
	if len(args) < 2 {
		usage("the first argument is transfer or pingpong")
	}
	switch args[1] {
	case "transfer":
		if len(args) != 8 {
			usage("transfer takes six arguments")
		}
		transfer(int(number(args, 2, "producers", 1)), int(number(args, 3, "consumers", 1)),
			int(number(args, 4, "capacity", 0)), number(args, 5, "messages", 0),
			number(args, 6, "warmups", 0), number(args, 7, "iterations", 1))
	case "pingpong":
		if len(args) != 6 {
			usage("pingpong takes four arguments")
		}
		pingPong(int(number(args, 2, "capacity", 0)), int(number(args, 3, "roundtrips", 1)),
			number(args, 4, "warmups", 0), number(args, 5, "iterations", 1))
	default:
		usage("the first argument is transfer or pingpong")
	}
}

func transfer(producers, consumers, capacity int, messages, warmups, iterations int64) {
	var table [values]int64
	for i := range table {
		table[i] = int64(i)*31 + 7
	}
	var checksum int64
	failed := false
	for iteration := int64(0); iteration < warmups+iterations; iteration++ {
		// A new channel each iteration, so no iteration inherits another's
		// state; capacity 0 makes an unbuffered (rendezvous) channel.
		ch := make(chan int64, capacity)
		// Goroutine start-up is not part of the measurement: everyone waits
		// until main closes start.
		start := make(chan struct{})
		// Main reads the clock once every goroutine is ready and before it
		// closes start: read after, the clock would wait for main to be
		// scheduled again, and the workers may have finished by then.
		var ready sync.WaitGroup
		var producersDone sync.WaitGroup
		var consumersDone sync.WaitGroup
		counts := make([]int64, consumers)
		sums := make([]int64, consumers)
		for c := 0; c < consumers; c++ {
			consumersDone.Add(1)
			ready.Add(1)
			go func(c int) {
				defer consumersDone.Done()
				ready.Done()
				<-start
				var count, sum int64
				// The range ends once the channel is closed and drained.
				for value := range ch {
					count++
					sum += value
				}
				counts[c] = count
				sums[c] = sum
			}(c)
		}
		share := messages / int64(producers)
		extra := messages % int64(producers)
		for p := 0; p < producers; p++ {
			count := share
			if int64(p) < extra {
				count++
			}
			producersDone.Add(1)
			ready.Add(1)
			go func(p int, count int64) {
				defer producersDone.Done()
				ready.Done()
				<-start
				index := p % values
				for i := int64(0); i < count; i++ {
					ch <- table[index]
					index++
					if index == values {
						index = 0
					}
				}
			}(p, count)
		}
		// Go's channels have no sender count: the channel closes once every
		// producer is done, which is what dropping the last Sender does in Rust.
		go func() {
			producersDone.Wait()
			close(ch)
		}()
		ready.Wait()
		began := time.Now()
		close(start)
		consumersDone.Wait()
		elapsed := time.Since(began)
		var received int64
		for c := 0; c < consumers; c++ {
			received += counts[c]
			checksum += sums[c]
		}
		if received != messages {
			fmt.Fprintf(os.Stderr, "iteration %d: received %d messages, expected %d\n", iteration, received, messages)
			failed = true
		}
		if iteration >= warmups {
			fmt.Printf("iteration %d\n", elapsed.Nanoseconds())
		}
	}
	if failed {
		os.Exit(1)
	}
	fmt.Printf("checksum %d\n", checksum)
}

func pingPong(capacity, roundtrips int, warmups, iterations int64) {
	ping := make(chan int64, capacity)
	pong := make(chan int64, capacity)
	var echoDone sync.WaitGroup
	echoDone.Add(1)
	go func() {
		defer echoDone.Done()
		// Ends when main closes ping.
		for value := range ping {
			pong <- value
		}
	}()
	var token int64
	for i := int64(0); i < warmups; i++ {
		ping <- token + 1
		token = <-pong
	}
	// Allocated once, so the measured loop allocates nothing.
	nanos := make([]int64, roundtrips)
	for iteration := int64(0); iteration < iterations; iteration++ {
		for i := range nanos {
			began := time.Now()
			ping <- token + 1
			token = <-pong
			nanos[i] = int64(time.Since(began))
		}
		sort.Slice(nanos, func(a, b int) bool { return nanos[a] < nanos[b] })
		fmt.Printf("percentiles %d %d %d\n",
			nearestRank(nanos, 50), nearestRank(nanos, 99), nearestRank(nanos, 99.9))
	}
	close(ping)
	echoDone.Wait()
	if token != warmups+iterations*int64(roundtrips) {
		fmt.Fprintf(os.Stderr, "the echo lost a message: token %d\n", token)
		os.Exit(1)
	}
}

// nearestRank returns the nearest-rank percentile of sorted values: the
// smallest value with at least percent of the values at or below it.
func nearestRank(sorted []int64, percent float64) int64 {
	rank := int(math.Ceil(percent / 100 * float64(len(sorted))))
	if rank < 1 {
		rank = 1
	}
	if rank > len(sorted) {
		rank = len(sorted)
	}
	return sorted[rank-1]
}
