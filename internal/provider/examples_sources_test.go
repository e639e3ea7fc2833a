package provider

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"
)

// exampleFolders returns every example configuration by name, as the
// files a user runs: each folder of examples/ that holds .tf files, by its
// path there, with its files (not its subfolders'); and each hcl block of
// the README as README.md#N, a main.tf alone.
func exampleFolders(t *testing.T) map[string]map[string]string {
	t.Helper()
	root := filepath.Join("..", "..", "examples")
	folders := map[string]map[string]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		files, err := folderFiles(path)
		if rel, _ := filepath.Rel(root, path); len(files) > 0 {
			folders[filepath.ToSlash(rel)] = files
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range hclBlock.FindAllStringSubmatch(string(readme), -1) {
		folders[fmt.Sprintf("README.md#%d", i+1)] = map[string]string{"main.tf": dedent(m[1])}
	}
	return folders
}

// folderFiles reads a folder's files, or none if it holds no .tf file.
func folderFiles(dir string) (map[string]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	files, configuration := map[string]string{}, false
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		files[e.Name()] = string(b)
		configuration = configuration || strings.HasSuffix(e.Name(), ".tf")
	}
	if !configuration {
		return nil, nil
	}
	return files, nil
}

// hclBlock finds the README's fenced hcl blocks.
var hclBlock = regexp.MustCompile("(?s)```hcl\n(.*?)```")

// dedent removes the indentation of a block inside a list item.
func dedent(block string) string {
	lines := strings.Split(block, "\n")
	indent := len(lines[0]) - len(strings.TrimLeft(lines[0], " "))
	for i, line := range lines {
		lines[i] = strings.TrimPrefix(line, strings.Repeat(" ", indent))
	}
	return strings.Join(lines, "\n")
}

// checkFormatted runs `fmt -check` on an example file, as users' CI would.
func checkFormatted(t *testing.T, cli, name, src string) {
	t.Helper()
	if !strings.HasSuffix(name, ".tf") {
		return
	}
	file := filepath.Join(t.TempDir(), "example.tf")
	if err := os.WriteFile(file, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(cli, "fmt", "-check", "-diff", file).CombinedOutput(); err != nil {
		t.Errorf("%s is not formatted (run terraform fmt):\n%s", name, out)
	}
}

// oneLine undoes the CLI's line wrapping.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// versionOf asks the CLI its version, and whether it is OpenTofu.
func versionOf(t *testing.T, cli string) (*version.Version, bool) {
	t.Helper()
	out, err := exec.Command(cli, "version", "-json").Output()
	if err != nil {
		t.Fatalf("%s version: %v", cli, err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("%s version -json: %v", cli, err)
	}
	return version.Must(version.NewVersion(v.Version)), strings.Contains(filepath.Base(cli), "tofu")
}
