package dynamo

import (
	"maps"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/tehpug/backend/internal/testenv"
)

// keySchema is what every query's key condition and cursor check are built
// from: it must name the keys template.yaml gives the table and each index,
// or a genuine cursor would be refused (or a forged one let through).
func TestKeySchemaMatchesTemplate(t *testing.T) {
	in, err := testenv.Template(t).CreateTableInput("check")
	if err != nil {
		t.Fatal(err)
	}
	names := func(ks []types.KeySchemaElement) [2]string {
		var out [2]string
		for _, k := range ks {
			if k.KeyType == types.KeyTypeHash {
				out[0] = *k.AttributeName
			} else {
				out[1] = *k.AttributeName
			}
		}
		return out
	}
	want := map[string][2]string{"": names(in.KeySchema)}
	for _, g := range in.GlobalSecondaryIndexes {
		want[*g.IndexName] = names(g.KeySchema)
	}
	if !maps.Equal(keySchema, want) {
		t.Errorf("keySchema %v, template.yaml %v", keySchema, want)
	}
	if got := (query{index: indexByOwner}).cursorKeys(); !slices.Equal(got, []string{"pk", "sk", "owner"}) {
		t.Errorf("ByOwner cursor keys %v", got)
	}
}
