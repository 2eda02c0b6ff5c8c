package dynamo

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/tehpug/backend/internal/apperr"
)

// busyMessage is what a client is told when the table is throttling.
const busyMessage = "The service is busy right now. Please try again in a moment."

// throttled reports whether err says DynamoDB is throttling, as the SDK
// leaves it once its own retries have given up: the table's or an index's
// throughput exceeded, the account's request limit exceeded, a throttling
// error of the service, or the SDK's retry quota spent (it stops retrying
// when too many recent attempts failed, and coming back later is then the
// only remedy too).
func throttled(err error) bool {
	var (
		throughput *types.ProvisionedThroughputExceededException
		throttling *types.ThrottlingException
		limit      *types.RequestLimitExceeded
		quota      ratelimit.QuotaExceededError
	)
	return errors.As(err, &throughput) || errors.As(err, &throttling) ||
		errors.As(err, &limit) || errors.As(err, &quota)
}

// throttleErr turns a throttling error into an apperr Throttled error that
// still wraps it (for the logs), and leaves any other error as it is. The
// client is asked to wait as long as DynamoDB's x-amz-retry-after header
// said, when it said.
func throttleErr(err error) error {
	if err == nil || !throttled(err) {
		return err
	}
	return fmt.Errorf("%w: %w", apperr.Throttle(retryAfter(err), busyMessage), err)
}

// retryAfter is the wait DynamoDB asked for (x-amz-retry-after, in
// milliseconds) on the response behind err, or zero.
func retryAfter(err error) time.Duration {
	var re *smithyhttp.ResponseError
	if !errors.As(err, &re) || re.Response == nil || re.Response.Response == nil {
		return 0
	}
	ms, perr := strconv.ParseInt(re.Response.Header.Get("X-Amz-Retry-After"), 10, 64)
	if perr != nil || ms <= 0 {
		return 0
	}
	return time.Duration(ms) * time.Millisecond
}
