// Command bench measures what the backend promises about speed and size, and
// prints the numbers as Markdown tables (`make bench`; docs/BENCHMARKS.md
// says what each one means):
//
//  1. every function's cold start (the emulator's INIT duration) against a
//     hello-world aws-lambda-go function built the same way, interleaved;
//  2. every bootstrap's size for arm64, as `sam build` builds it;
//  3. the end-to-end latency of POST /members through the local stack,
//     against the raw DynamoDB and SES calls a join makes;
//  4. the DynamoDB requests and capacity units of each member-facing route;
//  5. the meetup reminders at a configured rate;
//  6. the time of the two forms whose work depends on whether an address is
//     known (sign-in, erase request), for known and unknown addresses;
//  7. Battlefield's match runner: its cold and warm invocations, and
//     matches per minute for each game.
//
// It starts its own local stack (infra/local) on free ports with throwaway
// data, works in a temporary folder, and stops everything it started when it
// ends, is interrupted, or runs past -timeout.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/tehpug/backend/infra/local"
	"github.com/tehpug/backend/internal/samtemplate"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// options are the command's flags.
type options struct {
	rounds    int           // cold-start rounds
	joins     int           // POST /members requests (and raw joins) measured
	warmup    int           // joins run first and not measured
	timeout   time.Duration // the whole run
	only      string        // comma-separated sections, default all
	reminders int           // recipients of the reminder run
	rate      float64       // its configured send rate
	forms     int           // requests timed per form and kind of address
	matches   int           // Battlefield matches per game and pairing
	verbose   bool
}

func run() error {
	var o options
	flag.IntVar(&o.rounds, "rounds", 30, "cold-start rounds (each starts every function and hello-world once)")
	flag.IntVar(&o.joins, "joins", 200, "POST /members requests measured, and as many raw joins")
	flag.IntVar(&o.warmup, "warmup", 10, "joins run before measuring and not counted")
	flag.DurationVar(&o.timeout, "timeout", 10*time.Minute, "stop the whole run after this long")
	flag.StringVar(&o.only, "only", "", "comma-separated sections to run: sizes,coldstart,latency,capacity,reminders,forms,battlefield (default all)")
	flag.BoolVar(&o.verbose, "v", false, "log the local stack's output")
	flag.IntVar(&o.reminders, "reminders", 1000, "recipients of the meetup reminder run")
	flag.Float64Var(&o.rate, "rate", 50, "the reminder run's configured send rate (emails a second)")
	flag.IntVar(&o.forms, "forms", 20, "requests timed per form (sign-in, erase request) and kind of address (known, unknown)")
	flag.IntVar(&o.matches, "matches", 30, "Battlefield matches played per game and pairing (house vs house, starter vs house)")
	flag.Parse()
	if o.rounds < 1 || o.joins < 1 || o.warmup < 0 || o.forms < 1 || o.matches < 1 {
		return errors.New("-rounds, -joins, -forms and -matches must be at least 1, -warmup at least 0")
	}
	if o.only != "" {
		for _, s := range strings.Split(o.only, ",") {
			if !slices.Contains([]string{"sizes", "coldstart", "latency", "capacity", "reminders", "forms", "battlefield"}, s) {
				return fmt.Errorf("-only: no section %q (sizes, coldstart, latency, capacity, reminders, forms, battlefield)", s)
			}
		}
	}
	want := func(section string) bool {
		return o.only == "" || strings.Contains(","+o.only+",", ","+section+",")
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()

	began := time.Now()
	root, err := local.FindRoot()
	if err != nil {
		return err
	}
	tpl, err := samtemplate.Load(filepath.Join(root, "template.yaml"))
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "tehpug-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)

	out := os.Stdout
	printMachine(out)

	if want("sizes") {
		section("binary sizes (arm64)")
		sizes, err := measureSizes(ctx, root, filepath.Join(work, "arm64"), tpl)
		if err != nil {
			return err
		}
		printSizes(out, sizes)
	}
	if !want("coldstart") && !want("latency") && !want("capacity") && !want("reminders") && !want("forms") && !want("battlefield") {
		return done(out, began)
	}

	section("local stack")
	level := slog.LevelWarn
	if o.verbose {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	type helloBuild struct {
		path string
		err  error
	}
	hello := make(chan helloBuild, 1)
	go func() { // built while the stack builds the functions
		if !want("coldstart") {
			hello <- helloBuild{}
			return
		}
		path, err := buildHello(ctx, root, filepath.Join(work, "host", "HelloWorld"), runtime.GOARCH)
		hello <- helloBuild{path, err}
	}()
	stack, err := local.Start(ctx, local.Options{
		Root: root, Ephemeral: true, BuildDir: filepath.Join(work, "host"),
		HTTPAddr: "127.0.0.1:0", InvokeAddr: "127.0.0.1:0", DynamoAddr: "127.0.0.1:0", SESAddr: "127.0.0.1:0",
		TableName: "bench", Log: log,
	})
	h := <-hello
	if err != nil {
		return err
	}
	defer stack.Close()
	if h.err != nil {
		return h.err
	}
	progress("stack up: http %s, dynamodb %s, ses %s", stack.HTTPURL(), stack.DynamoURL(), stack.SESURL())

	if want("coldstart") {
		section("cold starts")
		cs, err := measureColdStarts(ctx, stack, tpl, h.path, o.rounds)
		if err != nil {
			return err
		}
		printColdStarts(out, cs)
	}
	if want("latency") {
		section("POST /members latency")
		lat, err := measureJoinLatency(ctx, stack, o.joins, o.warmup)
		if err != nil {
			return err
		}
		printLatency(out, lat)
	}
	if want("capacity") {
		section("DynamoDB capacity per route")
		rows, err := measureCapacity(ctx, stack, tpl)
		if err != nil {
			return err
		}
		printCapacity(out, rows)
	}
	if want("reminders") {
		section("meetup reminders")
		r, err := measureReminders(ctx, stack, tpl, o.reminders, o.rate)
		if err != nil {
			return err
		}
		printReminders(out, r)
	}
	if want("forms") {
		section("forms for known and unknown addresses")
		f, err := measureFormTiming(ctx, stack, tpl, o.forms, 3)
		if err != nil {
			return err
		}
		printFormTiming(out, f)
	}
	if want("battlefield") {
		section("battlefield")
		b, err := measureBattlefield(ctx, stack, root, min(o.rounds, 10), o.matches)
		if err != nil {
			return err
		}
		printBattlefield(out, b)
	}
	return done(out, began)
}

func done(out io.Writer, began time.Time) error {
	fmt.Fprintf(out, "\nTotal time of this run: %s.\n", time.Since(began).Round(time.Second))
	return nil
}

// section and progress report what the run is doing on stderr, so stdout
// holds only the results.
func section(name string) { progress("== %s", name) }

func progress(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%s  %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, args...))
}
