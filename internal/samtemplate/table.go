package samtemplate

import (
	"encoding/json"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// tableSpec is the part of AWS::DynamoDB::Table's properties that CreateTable
// takes; the CloudFormation property names match the API's.
type tableSpec struct {
	AttributeDefinitions   []types.AttributeDefinition
	KeySchema              []types.KeySchemaElement
	GlobalSecondaryIndexes []struct {
		IndexName  string
		KeySchema  []types.KeySchemaElement
		Projection types.Projection
	}
	BillingMode             types.BillingMode
	TimeToLiveSpecification *struct {
		AttributeName string
		Enabled       bool
	}
}

// CreateTableInput builds the CreateTable request for the template's table
// under the given name, so local and test tables match production's keys
// and indexes exactly. (TTL, point-in-time recovery and encryption are not
// part of CreateTable; see TTLAttribute.)
func (t *Template) CreateTableInput(name string) (*dynamodb.CreateTableInput, error) {
	spec, err := t.tableSpec()
	if err != nil {
		return nil, err
	}
	in := &dynamodb.CreateTableInput{
		TableName:            aws.String(name),
		AttributeDefinitions: spec.AttributeDefinitions,
		KeySchema:            spec.KeySchema,
		BillingMode:          types.BillingModePayPerRequest,
	}
	for _, g := range spec.GlobalSecondaryIndexes {
		in.GlobalSecondaryIndexes = append(in.GlobalSecondaryIndexes, types.GlobalSecondaryIndex{
			IndexName:  aws.String(g.IndexName),
			KeySchema:  g.KeySchema,
			Projection: &types.Projection{ProjectionType: g.Projection.ProjectionType, NonKeyAttributes: g.Projection.NonKeyAttributes},
		})
	}
	return in, nil
}

// TTLAttribute is the table's time-to-live attribute name ("" if none).
func (t *Template) TTLAttribute() string {
	spec, err := t.tableSpec()
	if err != nil || spec.TimeToLiveSpecification == nil || !spec.TimeToLiveSpecification.Enabled {
		return ""
	}
	return spec.TimeToLiveSpecification.AttributeName
}

// IndexNames lists the table's global secondary indexes.
func (t *Template) IndexNames() []string {
	spec, err := t.tableSpec()
	if err != nil {
		return nil
	}
	var names []string
	for _, g := range spec.GlobalSecondaryIndexes {
		names = append(names, g.IndexName)
	}
	return names
}

func (t *Template) tableSpec() (tableSpec, error) {
	var spec tableSpec
	b, err := json.Marshal(t.Table.Properties)
	if err != nil {
		return spec, fmt.Errorf("table %s: %w", t.TableLogicalID, err)
	}
	if err := json.Unmarshal(b, &spec); err != nil {
		return spec, fmt.Errorf("table %s: %w", t.TableLogicalID, err)
	}
	if len(spec.KeySchema) == 0 {
		return spec, fmt.Errorf("table %s: no KeySchema", t.TableLogicalID)
	}
	return spec, nil
}
