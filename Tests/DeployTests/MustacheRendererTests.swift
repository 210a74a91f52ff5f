import Foundation
import Testing

/// The test's Mustache renderer itself: the template tests are only as good as it is.
@Suite struct MustacheRendererTests {
    let context = try! JSONValue.parse(
        """
        {"name": "kafka", "html": "a&b<c>\\"d'", "count": 3, "cpus": 0.5, "zero": 0, "yes": true, "no": false,
         "empty": "", "none": null, "list": [{"k": "A", "v": "1"}, {"k": "B", "v": "2"}], "nothing": [],
         "service": {"name": "svc", "secrets": {"token": "path/to/token", "file": ""}}}
        """)

    private func render(_ template: String, strict: Bool = true) throws -> String {
        try MustacheTemplate(template).render(context, strict: strict)
    }

    @Test func variablesAreEscapedUnlessTripleOrAmpersand() throws {
        #expect(try render("{{name}}") == "kafka")
        #expect(try render("{{html}}") == "a&amp;b&lt;c&gt;&quot;d&#39;")
        #expect(try render("{{{html}}}") == "a&b<c>\"d'")
        #expect(try render("{{& html}}") == "a&b<c>\"d'")
        #expect(try render("{{ name }}|{{{ name }}}") == "kafka|kafka")
    }

    @Test func numbersAndBooleansRenderAsJSONWouldWriteThem() throws {
        #expect(try render("{{count}} {{cpus}} {{zero}} {{yes}} {{no}}") == "3 0.5 0 true false")
    }

    @Test func dottedNamesDescendFromTheFirstPartFound() throws {
        #expect(try render("{{service.name}}/{{service.secrets.token}}") == "svc/path/to/token")
        // Inside a section the first part is looked up from the innermost context outwards.
        #expect(try render("{{#list}}{{k}}={{v}}@{{service.name}};{{/list}}") == "A=1@svc;B=2@svc;")
        #expect(try render("{{#service}}{{name}}{{/service}}") == "svc")
        #expect(try render("{{#name}}{{.}}{{/name}}") == "kafka")
    }

    @Test func sectionsFollowMustacheJavasTruthiness() throws {
        #expect(try render("{{#yes}}Y{{/yes}}{{#no}}N{{/no}}") == "Y")
        #expect(try render("{{#empty}}E{{/empty}}{{^empty}}e{{/empty}}") == "e")
        #expect(try render("{{#none}}N{{/none}}{{^none}}n{{/none}}") == "n")
        #expect(try render("{{#nothing}}L{{/nothing}}{{^nothing}}l{{/nothing}}") == "l")
        #expect(try render("{{#zero}}0{{/zero}}{{#count}}{{.}}{{/count}}") == "03")
        #expect(try render("{{^yes}}not{{/yes}}{{^no}}not-no{{/no}}") == "not-no")
        #expect(try render("{{#service.secrets.token}}T{{/service.secrets.token}}") == "T")
        #expect(try render("{{#service.secrets.file}}F{{/service.secrets.file}}") == "")
    }

    @Test func nestedSectionsAndComments() throws {
        let template = "{{! a comment }}{{#yes}}{{^no}}{{#list}}[{{k}}]{{/list}}{{/no}}{{/yes}}"
        #expect(try render(template) == "[A][B]")
    }

    @Test func strictRenderingRefusesMissingNames() throws {
        #expect(throws: MustacheTemplate.Failure.missing(name: "service.nmae", context: [])) {
            try render("{{service.nmae}}")
        }
        #expect(throws: MustacheTemplate.Failure.missing(name: "missing", context: ["list"])) {
            try render("{{#list}}{{missing}}{{/list}}")
        }
        #expect(try render("[{{missing}}]", strict: false) == "[]")
    }

    @Test func malformedTemplatesAreRefused() {
        #expect(throws: MustacheTemplate.Failure.unclosedSection("yes")) { try render("{{#yes}}x") }
        #expect(throws: MustacheTemplate.Failure.unexpectedClose("no", expected: "yes")) {
            try render("{{#yes}}x{{/no}}")
        }
        #expect(throws: MustacheTemplate.Failure.unclosedTag(offset: 2)) { try render("ab{{name") }
        #expect(throws: MustacheTemplate.Failure.unsupportedTag("> partial")) { try render("{{> partial}}") }
        #expect(
            throws: MustacheTemplate.Failure.notRenderable(
                name: "list", value: "[{\"k\": \"A\", \"v\": \"1\"}, {\"k\": \"B\", \"v\": \"2\"}]")
        ) {
            try render("{{list}}")
        }
    }

    @Test func referencesListEveryNameWithItsSections() throws {
        let template = try MustacheTemplate("{{a}}{{#b}}{{c}}{{^d}}{{{e}}}{{/d}}{{/b}}")
        let references = template.references.map { "\($0.sections.joined(separator: ">"))/\($0.name)" }
        #expect(references == ["/a", "/b", "b/c", "b/d", "b>d/e"])
    }
}
