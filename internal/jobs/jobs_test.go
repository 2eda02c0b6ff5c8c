package jobs_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/aws/smithy-go"

	"github.com/tehpug/backend/internal/email"
	"github.com/tehpug/backend/internal/jobs"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

// recorder is a mailer that records when each email went out, and answers
// SES's throttling error for the first throttle sends. For an address in
// crash it panics, as a function dies mid-send (a timeout, a crash).
type recorder struct {
	clock    *wiringtest.Clock
	mu       sync.Mutex
	sent     map[string][]time.Time
	throttle int
	fail     map[string]bool
	crash    map[string]bool
}

// errCrash is what a crashing send panics with.
var errCrash = errors.New("the function died")

func (r *recorder) Send(_ context.Context, m email.Message) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.throttle > 0 {
		r.throttle--
		return "", fmt.Errorf("send: Maximum sending rate exceeded: %w", email.ErrThrottled)
	}
	if r.fail[m.To] {
		return "", errors.New("rejected")
	}
	if r.crash[m.To] {
		panic(errCrash)
	}
	r.sent[m.To] = append(r.sent[m.To], r.clock.Now())
	return "id", nil
}

// count is how many emails went to to.
func (r *recorder) count(to string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.sent[to])
}

// wantTotal fails the test unless want emails went out in all.
func (r *recorder) wantTotal(t *testing.T, want int) {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, ts := range r.sent {
		n += len(ts)
	}
	if n != want {
		t.Errorf("%d emails in all, want %d", n, want)
	}
}

// wantOneEach fails the test unless each recipient of sends(n, prefix) got
// exactly one email.
func (r *recorder) wantOneEach(t *testing.T, n int, prefix string) {
	t.Helper()
	for i := range n {
		if got := r.count(fmt.Sprintf("%s-%d@example.org", prefix, i)); got != 1 {
			t.Errorf("recipient %d got %d emails", i, got)
		}
	}
}

func sends(n int, prefix string) []jobs.Send {
	out := make([]jobs.Send, n)
	for i := range out {
		to := fmt.Sprintf("%s-%d@example.org", prefix, i)
		out[i] = jobs.Send{Key: to, Message: func(context.Context) (email.Message, error) {
			return email.Message{To: to, Subject: "s", Text: "t", HTML: "h"}, nil
		}}
	}
	return out
}

// newDeliverer sends at rate through a recorder on a clock that only its
// sleeps move, recording sends in a fresh table; edit changes what it is
// built from.
func newDeliverer(t *testing.T, rate float64, edit ...func(*jobs.DelivererDeps)) (*jobs.Deliverer, *recorder, *wiringtest.Clock) {
	t.Helper()
	clock := wiringtest.NewClock(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	rec := &recorder{clock: clock, sent: map[string][]time.Time{}, fail: map[string]bool{}, crash: map[string]bool{}}
	deps := jobs.DelivererDeps{
		Ledger: wiringtest.New(t).Store(), Mail: rec, Log: slog.New(slog.DiscardHandler),
		Rate: rate, Clock: clock.Now, Sleep: clock.Sleep,
	}
	for _, e := range edit {
		e(&deps)
	}
	d, err := jobs.NewDeliverer(deps)
	if err != nil {
		t.Fatal(err)
	}
	return d, rec, clock
}

func TestDeliverPacesToTheRate(t *testing.T) {
	t.Parallel()
	d, rec, clock := newDeliverer(t, 50)
	start := clock.Now()
	res, err := d.Deliver(context.Background(), "job", "round", sends(100, "pace"))
	if err != nil || res.Sent != 100 {
		t.Fatalf("%+v, %v", res, err)
	}
	// 100 emails at 50 a second: the last goes out 99 intervals after the first.
	if got, want := clock.Now().Sub(start), 99*20*time.Millisecond; got != want {
		t.Errorf("took %v of clock, want %v", got, want)
	}
	rec.wantTotal(t, 100)
}

func TestDeliverRetriesThrottling(t *testing.T) {
	t.Parallel()
	d, rec, _ := newDeliverer(t, 0)
	rec.throttle = 3
	res, err := d.Deliver(context.Background(), "job", "round", sends(2, "throttled"))
	if err != nil || res.Sent != 2 || res.Failed != 0 {
		t.Fatalf("%+v, %v", res, err)
	}
	if n := len(rec.sent["throttled-0@example.org"]); n != 1 {
		t.Errorf("first recipient got %d emails after throttling", n)
	}
}

func TestDeliverOncePerRoundAndResumes(t *testing.T) {
	t.Parallel()
	d, rec, _ := newDeliverer(t, 0)
	all := sends(5, "resume")
	rec.fail["resume-2@example.org"] = true
	res, err := d.Deliver(context.Background(), "job", "round", all)
	if !errors.Is(err, jobs.ErrIncomplete) || res.Sent != 4 || res.Failed != 1 {
		t.Fatalf("first run: %+v, %v", res, err)
	}
	delete(rec.fail, "resume-2@example.org")
	res, err = d.Deliver(context.Background(), "job", "round", all)
	if err != nil || res.Sent != 1 || res.AlreadySent != 4 {
		t.Fatalf("second run: %+v, %v", res, err)
	}
	rec.wantOneEach(t, 5, "resume")
	// Another round of the same job is another run.
	if res, err := d.Deliver(context.Background(), "job", "other-round", all[:1]); err != nil || res.Sent != 1 {
		t.Errorf("other round: %+v, %v", res, err)
	}
}

func TestDeliverStopsBeforeTheDeadline(t *testing.T) {
	t.Parallel()
	d, rec, clock := newDeliverer(t, 10, func(d *jobs.DelivererDeps) { d.Margin = 58 * time.Second }) // 100 ms apart
	// The context's deadline is on the wall clock, so the fake clock starts
	// at the wall clock's now. Its sleeps bring the run within the margin
	// after about 2 s of fake time, while the real deadline is still a
	// minute ahead and the ledger's requests go through, however slow.
	clock.Set(time.Now())
	ctx, cancel := context.WithDeadline(context.Background(), clock.Now().Add(time.Minute))
	defer cancel()
	all := sends(30, "deadline")
	res, err := d.Deliver(ctx, "job", "round", all)
	if !errors.Is(err, jobs.ErrIncomplete) || res.Left == 0 || res.Sent+res.Left != 30 {
		t.Fatalf("%+v, %v", res, err)
	}
	// The retry (a fresh invocation) sends exactly what was left.
	sentBefore := res.Sent
	res, err = d.Deliver(context.Background(), "job", "round", all)
	if err != nil || res.Sent != 30-sentBefore || res.AlreadySent != sentBefore {
		t.Fatalf("retry: %+v, %v", res, err)
	}
	rec.wantTotal(t, 30)
}

// An attempt that dies mid-send leaves its claim behind. Lambda retries the
// event a minute later and again two minutes after that: the retries must
// not report the held send as done, and the second must send it.
func TestDeliverLeavesAHeldSendToTheRetry(t *testing.T) {
	t.Parallel()
	d, rec, clock := newDeliverer(t, 0)
	all := sends(3, "crash")
	rec.crash["crash-1@example.org"] = true
	func() {
		defer func() {
			if r := recover(); r != nil && r != errCrash {
				panic(r)
			}
		}()
		_, _ = d.Deliver(context.Background(), "job", "round", all)
	}()
	delete(rec.crash, "crash-1@example.org")

	retries := []struct {
		after               time.Duration // since the attempt died
		sent, already, held int
		complete            bool
	}{
		{time.Minute, 1, 1, 1, false},    // the dead attempt's lease is live: not done
		{3 * time.Minute, 1, 2, 0, true}, // lapsed: the retry sends it
	}
	died := clock.Now()
	for _, r := range retries {
		clock.Set(died.Add(r.after))
		res, err := d.Deliver(context.Background(), "job", "round", all)
		if res.Sent != r.sent || res.AlreadySent != r.already || res.Held != r.held || (err == nil) != r.complete {
			t.Fatalf("retry %v after the crash: %+v, %v; want %d sent, %d already sent, %d held, complete %v",
				r.after, res, err, r.sent, r.already, r.held, r.complete)
		}
		if err != nil && !errors.Is(err, jobs.ErrIncomplete) {
			t.Fatalf("retry %v after the crash: %v, want incomplete", r.after, err)
		}
	}
	rec.wantOneEach(t, 3, "crash")
}

// Two runs of the same event at the same moment (the scheduler delivers at
// least once) never both send: each send goes out once, and a run that met
// the other's claims says it is incomplete rather than done.
func TestDeliverConcurrentRunsSendOnce(t *testing.T) {
	t.Parallel()
	d, rec, _ := newDeliverer(t, 0)
	all := sends(20, "together")
	var wg sync.WaitGroup
	results := make([]jobs.Result, 2)
	errs := make([]error, 2)
	for i := range results {
		wg.Go(func() { results[i], errs[i] = d.Deliver(context.Background(), "job", "round", all) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil && !errors.Is(err, jobs.ErrIncomplete) {
			t.Fatalf("run %d: %v", i, err)
		}
		if (results[i].Held > 0) != (err != nil) {
			t.Errorf("run %d: %+v, %v: held sends and an incomplete run go together", i, results[i], err)
		}
	}
	if got := results[0].Sent + results[1].Sent; got != 20 {
		t.Errorf("the runs sent %d between them (%+v, %+v), want 20", got, results[0], results[1])
	}
	rec.wantOneEach(t, 20, "together")
	if res, err := d.Deliver(context.Background(), "job", "round", all); err != nil || res.AlreadySent != 20 {
		t.Errorf("a later run: %+v, %v", res, err)
	}
}

// flakyLedger is the real ledger, whose MarkSent fails for the calls
// counted down by throttled as DynamoDB does when it throttles.
type flakyLedger struct {
	jobs.Ledger
	throttled testenv.Countdown
}

func (l *flakyLedger) MarkSent(ctx context.Context, job, round, key string, at time.Time) error {
	if l.throttled.Take() {
		return &smithy.GenericAPIError{Code: "ThrottlingException", Message: "Rate of requests exceeds the allowed throughput."}
	}
	return l.Ledger.MarkSent(ctx, job, round, key, at)
}

// cancelAfterSend is a mailer that ends the run's context once SES has taken
// the email, as a run's deadline or an abort does.
type cancelAfterSend struct {
	next   email.Sender
	cancel context.CancelFunc
}

func (c cancelAfterSend) Send(ctx context.Context, m email.Message) (string, error) {
	id, err := c.next.Send(ctx, m)
	c.cancel()
	return id, err
}

// A send that reached SES is recorded as sent even when recording it first
// fails, so no later run sends it again once the claim's lease lapses.
func TestDeliverRecordsWhatReachedSES(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		failMarks int  // MarkSent calls that are throttled
		cancel    bool // the run's context ends right after SES took the email
	}{
		{name: "recording throttled twice", failMarks: 2},
		{name: "context ends after the send", cancel: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var plain jobs.DelivererDeps // for the later run
			d, rec, clock := newDeliverer(t, 0, func(d *jobs.DelivererDeps) {
				plain = *d
				ledger := &flakyLedger{Ledger: d.Ledger}
				ledger.throttled.Add(tt.failMarks)
				d.Ledger = ledger
				if tt.cancel {
					d.Mail = cancelAfterSend{next: d.Mail, cancel: cancel}
				}
			})
			one := sends(1, "marked-"+testenv.RandomHex(4))
			if res, err := d.Deliver(ctx, "job", "round", one); err != nil || res.Sent != 1 {
				t.Errorf("first run: %+v, %v", res, err)
			}
			// Long after any lease has lapsed, a run of the same round.
			clock.Advance(time.Hour)
			later, err := jobs.NewDeliverer(plain)
			if err != nil {
				t.Fatal(err)
			}
			if res, err := later.Deliver(context.Background(), "job", "round", one); err != nil || res.AlreadySent != 1 {
				t.Fatalf("later run: %+v, %v; want it already sent", res, err)
			}
			for to, ts := range rec.sent {
				if len(ts) != 1 {
					t.Errorf("%s got %d emails", to, len(ts))
				}
			}
		})
	}
}

func TestHandlerRunsAtTheEventsTime(t *testing.T) {
	var got time.Time
	h := jobs.Handler(func(_ context.Context, now time.Time) error { got = now; return nil })
	// A scheduled time an hour ago, in the scheduler's zone.
	want := time.Now().UTC().Truncate(time.Minute).Add(-time.Hour)
	tehran := time.FixedZone("", 3*3600+1800)
	if err := h(context.Background(), jobs.Event{Time: want.In(tehran).Format(time.RFC3339)}); err != nil {
		t.Fatal(err)
	}
	if !got.Equal(want) || got.Location() != time.UTC {
		t.Errorf("ran at %v, want %v", got, want)
	}
	if err := h(context.Background(), jobs.Event{Time: "saturday"}); err == nil {
		t.Error("a malformed time ran the job")
	}
}
