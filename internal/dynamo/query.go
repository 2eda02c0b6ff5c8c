package dynamo

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// keySchema names each index's partition and sort key ("" is the table),
// as template.yaml defines them.
var keySchema = map[string][2]string{
	"":           {"pk", "sk"},
	indexByOwner: {"owner", "pk"},
	indexGSI1:    {"gsi1pk", "gsi1sk"},
	indexGSI2:    {"gsi2pk", "gsi2sk"},
}

// query is one Query: on an index (or the table when index is ""), of the
// items in one partition whose sort keys meet sort, with an optional
// filter. The key condition is declared here once, as data, because it is
// used twice: it builds the KeyConditionExpression, and it is what a
// cursor is checked against before it becomes the ExclusiveStartKey.
type query struct {
	index string
	// partition is the value of the index's partition key.
	partition string
	// sort limits the index's sort key; the zero value reads the whole partition.
	sort   sortKey
	filter *expression.ConditionBuilder
	// consistent reads the table strongly consistently (not on an index).
	consistent bool
	// backward reads the highest sort key first.
	backward bool
}

// keyNames are the partition and sort key names of the index q reads.
func (q query) keyNames() (pk, sk string) {
	names := keySchema[q.index]
	return names[0], names[1]
}

// cursorKeys are the attributes of q's LastEvaluatedKey: the table's keys,
// and the index's when q reads an index.
func (q query) cursorKeys() []string {
	names := []string{"pk", "sk"}
	for _, n := range keySchema[q.index] {
		if n != "pk" && n != "sk" {
			names = append(names, n)
		}
	}
	return names
}

// sortKey is the part of a key condition on the sort key.
type sortKey struct {
	op   sortOp
	a, b string
}

type sortOp int

// beginsWith keeps the sort keys that begin with prefix.
func beginsWith(prefix string) sortKey { return sortKey{op: prefixSort, a: prefix} }

// after keeps the sort keys above v. It is meant for a bound that moves
// with the clock ("ends after now"): a cursor that has fallen behind it
// starts the list over at the bound instead of being refused.
func after(v string) sortKey { return sortKey{op: afterSort, a: v} }

// atLeast keeps the sort keys at or above v.
func atLeast(v string) sortKey { return sortKey{op: atLeastSort, a: v} }

// before keeps the sort keys below v.
func before(v string) sortKey { return sortKey{op: beforeSort, a: v} }

// between keeps the sort keys from lo to hi, both included.
func between(lo, hi string) sortKey { return sortKey{op: rangeSort, a: lo, b: hi} }

// and adds the condition on the sort key named name to kc.
func (s sortKey) and(kc expression.KeyConditionBuilder, name string) expression.KeyConditionBuilder {
	k := expression.Key(name)
	switch s.op {
	case prefixSort:
		return kc.And(k.BeginsWith(s.a))
	case afterSort:
		return kc.And(k.GreaterThan(expression.Value(s.a)))
	case atLeastSort:
		return kc.And(k.GreaterThanEqual(expression.Value(s.a)))
	case beforeSort:
		return kc.And(k.LessThan(expression.Value(s.a)))
	case rangeSort:
		return kc.And(k.Between(expression.Value(s.a), expression.Value(s.b)))
	}
	return kc
}

// holds reports whether a sort key meets the condition, as DynamoDB
// compares strings (byte by byte, as Go does).
func (s sortKey) holds(v string) bool {
	switch s.op {
	case prefixSort:
		return strings.HasPrefix(v, s.a)
	case afterSort:
		return v > s.a
	case atLeastSort:
		return v >= s.a
	case beforeSort:
		return v < s.a
	case rangeSort:
		return s.a <= v && v <= s.b
	}
	return true
}

// behind reports whether v is at or below an after bound.
func (s sortKey) behind(v string) bool {
	return s.op == afterSort && v <= s.a
}

// queryInput builds the Query that q declares (with no start key or limit).
func (t *Table) queryInput(q query) (*dynamodb.QueryInput, error) {
	pkName, skName := q.keyNames()
	kc := q.sort.and(expression.Key(pkName).Equal(expression.Value(q.partition)), skName)
	b := expression.NewBuilder().WithKeyCondition(kc)
	if q.filter != nil {
		b = b.WithFilter(*q.filter)
	}
	expr, err := b.Build()
	if err != nil {
		return nil, err
	}
	in := &dynamodb.QueryInput{
		TableName: &t.Name, KeyConditionExpression: expr.KeyCondition(), FilterExpression: expr.Filter(),
		ExpressionAttributeNames: expr.Names(), ExpressionAttributeValues: expr.Values(),
	}
	if q.index != "" {
		in.IndexName = aws.String(q.index)
	}
	if q.consistent {
		in.ConsistentRead = aws.Bool(true)
	}
	if q.backward {
		in.ScanIndexForward = aws.Bool(false)
	}
	return in, nil
}

// queryPage reads one page of q from the cursor a previous page gave out
// and decodes its items into T. A cursor q cannot have given out is refused
// (422 on "cursor") before DynamoDB sees it. It asks for one item more than
// the page holds, so it gives out a cursor only when another page really
// follows.
func queryPage[T any](ctx context.Context, t *Table, q query, cursor string, limit int) ([]T, string, error) {
	start, err := q.startKey(cursor)
	if err != nil {
		return nil, "", err
	}
	in, err := t.queryInput(q)
	if err != nil {
		return nil, "", err
	}
	in.ExclusiveStartKey = start
	raw, lek, err := t.pageItems(ctx, in, limit, q.cursorKeys())
	if err != nil {
		return nil, "", err
	}
	var items []T
	if err := attributevalue.UnmarshalListOfMaps(raw, &items); err != nil {
		return nil, "", err
	}
	return items, encodeCursor(lek), nil
}

// pageItems runs in for at most limit items, peeking one further: the
// returned key, to start the next page after, is nil on the last page.
func (t *Table) pageItems(ctx context.Context, in *dynamodb.QueryInput, limit int, cursorKeys []string) ([]map[string]types.AttributeValue, map[string]types.AttributeValue, error) {
	in.Limit = aws.Int32(int32(limit + 1))
	out, err := t.DB.Query(ctx, in)
	if err != nil {
		return nil, nil, err
	}
	if len(out.Items) > limit {
		return out.Items[:limit], indexKeys(out.Items[limit-1], cursorKeys...), nil
	}
	// Fewer than asked: the last page, unless DynamoDB stopped at its 1 MB
	// page size, when it says where to go on.
	return out.Items, out.LastEvaluatedKey, nil
}

// listAll reads every item q selects and converts each with conv; what
// names the query in its error.
func listAll[I, T any](ctx context.Context, t *Table, what string, q query, conv func(I) (T, error)) ([]T, error) {
	items, err := queryAll[I](ctx, t, q)
	if err != nil {
		return nil, wrap(what, err)
	}
	out, err := convert(items, conv)
	if err != nil {
		return nil, wrap(what, err)
	}
	return out, nil
}

// listPage reads one page of the items q selects, from cursor, and
// converts each with conv; what names the query in its error.
func listPage[I, T any](ctx context.Context, t *Table, what string, q query, cursor string, limit int, conv func(I) (T, error)) ([]T, string, error) {
	items, next, err := queryPage[I](ctx, t, q, cursor, limit)
	if err != nil {
		return nil, "", wrap(what, err)
	}
	out, err := convert(items, conv)
	if err != nil {
		return nil, "", wrap(what, err)
	}
	return out, next, nil
}

// queryAll reads every page of q and decodes the items into T.
func queryAll[T any](ctx context.Context, t *Table, q query) ([]T, error) {
	in, err := t.queryInput(q)
	if err != nil {
		return nil, err
	}
	var all []T
	p := dynamodb.NewQueryPaginator(t.DB, in)
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		var items []T
		if err := attributevalue.UnmarshalListOfMaps(page.Items, &items); err != nil {
			return nil, err
		}
		all = append(all, items...)
	}
	return all, nil
}

const (
	anySort     sortOp = iota // the whole partition
	prefixSort                // begins_with(sk, a)
	afterSort                 // sk > a
	atLeastSort               // sk >= a
	beforeSort                // sk < a
	rangeSort                 // sk BETWEEN a AND b
)
