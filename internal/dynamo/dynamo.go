// Package dynamo is the DynamoDB adapter: it stores the domain's records in
// the single table that template.yaml defines. docs/DATA.md lists every access
// pattern and the key or index it uses. There is no Scan anywhere; every
// uniqueness rule and state change is a single-item conditional write.
package dynamo

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// The table's index names, as template.yaml defines them.
const (
	indexByOwner = "ByOwner"
	indexGSI1    = "GSI1"
	indexGSI2    = "GSI2"
)

// Table is the single table and the client that reaches it.
type Table struct {
	DB   *dynamodb.Client
	Name string
}

// New returns the adapter for the named table.
func New(db *dynamodb.Client, name string) *Table {
	return &Table{DB: db, Name: name}
}

// key is a primary key.
type key struct {
	PK string `dynamodbav:"pk"`
	SK string `dynamodbav:"sk"`
}

func (k key) av() map[string]types.AttributeValue {
	return map[string]types.AttributeValue{
		"pk": &types.AttributeValueMemberS{Value: k.PK},
		"sk": &types.AttributeValueMemberS{Value: k.SK},
	}
}

// errNotFound is what get returns for a missing item; callers translate it
// into their domain's not-found error.
var errNotFound = errors.New("item not found")

// get reads one item into out (strongly consistent: the item was often just written).
func (t *Table) get(ctx context.Context, k key, out any) error {
	res, err := t.DB.GetItem(ctx, &dynamodb.GetItemInput{TableName: &t.Name, Key: k.av(), ConsistentRead: aws.Bool(true)})
	if err != nil {
		return err
	}
	if res.Item == nil {
		return errNotFound
	}
	return attributevalue.UnmarshalMap(res.Item, out)
}

// put writes item, subject to cond when it is set. A failed condition is
// reported as errConditionFailed.
func (t *Table) put(ctx context.Context, item any, cond *expression.ConditionBuilder) error {
	av, err := attributevalue.MarshalMap(item)
	if err != nil {
		return err
	}
	in := &dynamodb.PutItemInput{TableName: &t.Name, Item: av}
	if in.ConditionExpression, in.ExpressionAttributeNames, in.ExpressionAttributeValues, err = condition(cond); err != nil {
		return err
	}
	_, err = t.DB.PutItem(ctx, in)
	return conditionErr(err)
}

// condition builds cond (none when nil) into a request's expression parts.
func condition(cond *expression.ConditionBuilder) (*string, map[string]string, map[string]types.AttributeValue, error) {
	if cond == nil {
		return nil, nil, nil, nil
	}
	expr, err := expression.NewBuilder().WithCondition(*cond).Build()
	if err != nil {
		return nil, nil, nil, err
	}
	return expr.Condition(), expr.Names(), expr.Values(), nil
}

// update applies upd to the item at k, subject to cond, and returns the item
// as it is afterwards in out (when out is not nil).
func (t *Table) update(ctx context.Context, k key, upd expression.UpdateBuilder, cond *expression.ConditionBuilder, out any) error {
	b := expression.NewBuilder().WithUpdate(upd)
	if cond != nil {
		b = b.WithCondition(*cond)
	}
	expr, err := b.Build()
	if err != nil {
		return err
	}
	in := &dynamodb.UpdateItemInput{
		TableName:                 &t.Name,
		Key:                       k.av(),
		UpdateExpression:          expr.Update(),
		ConditionExpression:       expr.Condition(),
		ExpressionAttributeNames:  expr.Names(),
		ExpressionAttributeValues: expr.Values(),
	}
	if out != nil {
		in.ReturnValues = types.ReturnValueAllNew
	}
	res, err := t.DB.UpdateItem(ctx, in)
	if err != nil {
		return conditionErr(err)
	}
	if out != nil {
		return attributevalue.UnmarshalMap(res.Attributes, out)
	}
	return nil
}

// remove deletes the item at k, subject to cond.
func (t *Table) remove(ctx context.Context, k key, cond *expression.ConditionBuilder) error {
	in := &dynamodb.DeleteItemInput{TableName: &t.Name, Key: k.av()}
	var err error
	if in.ConditionExpression, in.ExpressionAttributeNames, in.ExpressionAttributeValues, err = condition(cond); err != nil {
		return err
	}
	_, err = t.DB.DeleteItem(ctx, in)
	return conditionErr(err)
}

// errConditionFailed reports that a conditional write found the item in
// another state; callers translate it into what it means for their record.
var errConditionFailed = errors.New("condition failed")

func conditionErr(err error) error {
	var ccf *types.ConditionalCheckFailedException
	if errors.As(err, &ccf) {
		return errConditionFailed
	}
	return err
}

// exists is the condition that the item is there.
func exists() *expression.ConditionBuilder {
	c := expression.AttributeExists(expression.Name("pk"))
	return &c
}

// absent is the condition that the item is not there.
func absent() *expression.ConditionBuilder {
	c := expression.AttributeNotExists(expression.Name("pk"))
	return &c
}

// wrap adds context to a storage error. Every exported method's error goes
// through it, so this is where DynamoDB's throttling becomes an apperr
// Throttled error (429 to the client) that still wraps the SDK's error.
func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("dynamo %s: %w", op, throttleErr(err))
}

// getItem reads the item at k into an I and converts it with conv; a
// missing item is notFound, the domain's own error.
func getItem[I, T any](ctx context.Context, t *Table, what string, k key, notFound error, conv func(I) (T, error)) (T, error) {
	var it I
	err := t.get(ctx, k, &it)
	return itemOr(it, err, errNotFound, notFound, what, conv)
}

// updateItem applies upd to the item at k if cond holds, and converts the
// item as it is afterwards with conv; when cond does not hold, the answer
// is failed, the domain's own error (the record changed, or is gone).
func updateItem[I, T any](ctx context.Context, t *Table, what string, k key, upd expression.UpdateBuilder, cond *expression.ConditionBuilder, failed error, conv func(I) (T, error)) (T, error) {
	var it I
	err := t.update(ctx, k, upd, cond, &it)
	return itemOr(it, err, errConditionFailed, failed, what, conv)
}

// itemOr converts the item a request read with conv, unless the request
// failed: then the answer is failed when it failed with cause (the domain's
// own error), and the failure otherwise.
func itemOr[I, T any](it I, err, cause, failed error, what string, conv func(I) (T, error)) (T, error) {
	if err != nil {
		var zero T
		if errors.Is(err, cause) {
			return zero, failed
		}
		return zero, wrap(what, err)
	}
	v, err := conv(it)
	return v, wrap(what, err)
}

// convert converts every item a query read.
func convert[I, T any](items []I, conv func(I) (T, error)) ([]T, error) {
	out := make([]T, len(items))
	for i, it := range items {
		v, err := conv(it)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// create puts a new item if cond holds (absent() when nil); when it does
// not, the record is there already: exists, the domain's own error.
func (t *Table) create(ctx context.Context, what string, item any, cond *expression.ConditionBuilder, exists error) error {
	if cond == nil {
		cond = absent()
	}
	err := t.put(ctx, item, cond)
	if errors.Is(err, errConditionFailed) {
		return exists
	}
	return wrap(what, err)
}
