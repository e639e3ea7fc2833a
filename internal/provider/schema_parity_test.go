package provider

import (
	"context"
	"reflect"
	"sort"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	providerschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// Every model must name exactly its schema's attributes, nested ones too:
// a tfsdk tag without an attribute (or the reverse) otherwise fails only
// at run time, inside a CLI. New entities are covered by registering them
// in provider.go and their models in entityModels.
func TestSchemasMatchModels(t *testing.T) {
	ctx := context.Background()
	p := &wechatProvider{}
	var ps provider.SchemaResponse
	p.Schema(ctx, provider.SchemaRequest{}, &ps)
	checkParity(t, "provider", providerModel{}, ps.Schema.Attributes)
	// token_command is an object value in the model, read with As.
	tc, ok := ps.Schema.Attributes["token_command"].(providerschema.SingleNestedAttribute)
	if !ok {
		t.Fatal("token_command is not a single nested attribute")
	}
	checkParity(t, "provider.token_command", tokenCommandModel{}, tc.Attributes)

	models := entityModels()
	for _, newDS := range p.DataSources(ctx) {
		ds := newDS()
		var md datasource.MetadataResponse
		ds.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "wechat"}, &md)
		var sr datasource.SchemaResponse
		ds.Schema(ctx, datasource.SchemaRequest{}, &sr)
		checkParity(t, md.TypeName, models[md.TypeName], sr.Schema.Attributes)
	}
	for _, newR := range p.Resources(ctx) {
		r := newR()
		var md resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "wechat"}, &md)
		var sr resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &sr)
		checkParity(t, md.TypeName, models[md.TypeName], sr.Schema.Attributes)
	}
	for _, newER := range p.EphemeralResources(ctx) {
		er := newER()
		var md ephemeral.MetadataResponse
		er.Metadata(ctx, ephemeral.MetadataRequest{ProviderTypeName: "wechat"}, &md)
		var sr ephemeral.SchemaResponse
		er.Schema(ctx, ephemeral.SchemaRequest{}, &sr)
		checkParity(t, md.TypeName, models[md.TypeName], sr.Schema.Attributes)
	}
}

// checkParity compares a model's tfsdk tags with attrs (a map of any
// schema package's attributes), and recurses where a field holds a nested
// model (a struct, or a slice of structs, that is not a Terraform value).
func checkParity[A any](t *testing.T, name string, model any, attrs map[string]A) {
	t.Helper()
	if model == nil {
		t.Errorf("%s: no model listed in entityModels", name)
		return
	}
	rt := reflect.TypeOf(model)
	var tags []string
	for i := range rt.NumField() {
		f := rt.Field(i)
		tag := f.Tag.Get("tfsdk")
		if tag == "" || tag == "-" {
			continue
		}
		tags = append(tags, tag)
		if nested := nestedModel(f.Type); nested != nil {
			a, ok := attrs[tag]
			if !ok {
				continue // reported below
			}
			nestedAttrs, ok := nestedAttributes(a)
			if !ok {
				t.Errorf("%s.%s: the model nests %s, the schema does not", name, tag, nested)
				continue
			}
			checkParity(t, name+"."+tag, reflect.New(nested).Elem().Interface(), nestedAttrs)
		}
	}
	names := make([]string, 0, len(attrs))
	for k := range attrs {
		names = append(names, k)
	}
	sort.Strings(tags)
	sort.Strings(names)
	if !reflect.DeepEqual(tags, names) {
		t.Errorf("%s: model tags %v do not match schema attributes %v", name, tags, names)
	}
}

var attrValue = reflect.TypeFor[attr.Value]()

// nestedModel is the struct a field nests, or nil for a Terraform value.
func nestedModel(ft reflect.Type) reflect.Type {
	for ft.Kind() == reflect.Slice || ft.Kind() == reflect.Pointer {
		ft = ft.Elem()
	}
	if ft.Kind() != reflect.Struct || ft.Implements(attrValue) || reflect.PointerTo(ft).Implements(attrValue) {
		return nil
	}
	return ft
}

// nestedAttributes finds a nested attribute's attributes, whichever schema
// package and nesting mode declared it (Attributes, or NestedObject.Attributes).
func nestedAttributes(a any) (map[string]reflect.Value, bool) {
	v, ok := a.(reflect.Value)
	if !ok {
		v = reflect.ValueOf(a)
	}
	for v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return nil, false
	}
	m := v.FieldByName("Attributes")
	if !m.IsValid() {
		if obj := v.FieldByName("NestedObject"); obj.IsValid() {
			m = obj.FieldByName("Attributes")
		}
	}
	if !m.IsValid() || m.Kind() != reflect.Map {
		return nil, false
	}
	out := map[string]reflect.Value{}
	for _, k := range m.MapKeys() {
		out[k.String()] = m.MapIndex(k)
	}
	return out, true
}
