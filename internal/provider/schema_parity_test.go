package provider

import (
	"context"
	"reflect"
	"sort"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/provider"
)

// Every model must name exactly its schema's attributes: a tfsdk tag
// without an attribute (or the reverse) otherwise fails only at run time,
// inside a CLI. New entities are covered by registering them in provider.go.
func TestSchemasMatchModels(t *testing.T) {
	ctx := context.Background()
	p := &wechatProvider{}
	var ps provider.SchemaResponse
	p.Schema(ctx, provider.SchemaRequest{}, &ps)
	checkParity(t, "provider", providerModel{}, keys(ps.Schema.Attributes))

	models := entityModels()
	for _, newDS := range p.DataSources(ctx) {
		ds := newDS()
		var md datasource.MetadataResponse
		ds.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "wechat"}, &md)
		var sr datasource.SchemaResponse
		ds.Schema(ctx, datasource.SchemaRequest{}, &sr)
		checkParity(t, md.TypeName, models[md.TypeName], keys(sr.Schema.Attributes))
	}
	for _, newER := range p.EphemeralResources(ctx) {
		er := newER()
		var md ephemeral.MetadataResponse
		er.Metadata(ctx, ephemeral.MetadataRequest{ProviderTypeName: "wechat"}, &md)
		var sr ephemeral.SchemaResponse
		er.Schema(ctx, ephemeral.SchemaRequest{}, &sr)
		checkParity(t, md.TypeName, models[md.TypeName], keys(sr.Schema.Attributes))
	}
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func checkParity(t *testing.T, name string, model any, attrs []string) {
	t.Helper()
	if model == nil {
		t.Errorf("%s: no model listed in entityModels", name)
		return
	}
	var tags []string
	rt := reflect.TypeOf(model)
	for i := range rt.NumField() {
		if tag := rt.Field(i).Tag.Get("tfsdk"); tag != "" && tag != "-" {
			tags = append(tags, tag)
		}
	}
	sort.Strings(tags)
	sort.Strings(attrs)
	if !reflect.DeepEqual(tags, attrs) {
		t.Errorf("%s: model tags %v do not match schema attributes %v", name, tags, attrs)
	}
}
