import EventhosTemplates
import Testing

@Suite("StringTemplate compile errors")
struct StringTemplateErrorTests {
    @Test(arguments: [
        ("${", 0, "unclosed placeholder: '${' without '}'"),
        ("ab ${.body.id", 3, "unclosed placeholder: '${' without '}'"),
        ("${.body.", 0, "unclosed placeholder: '${' without '}'"),
        ("${.body[1", 0, "unclosed placeholder: '${' without '}'"),
        ("${.body[", 0, "unclosed placeholder: '${' without '}'"),
        ("x${}", 1, "empty placeholder '${}'"),
        ("${body}", 2, "a placeholder's path starts with '.', as in '${.body.id}'"),
        ("${.}", 3, "expected a name after '.'"),
        ("${.body..id}", 8, "expected a name after '.'"),
        ("${.body.[0]}", 8, "expected a name after '.'"),
        ("${.body.items[x]}", 13, "an array index is digits between '[' and ']', as in '[0]'"),
        ("${.body.items[]}", 13, "an array index is digits between '[' and ']', as in '[0]'"),
        ("${.body.items[-1]}", 13, "an array index is digits between '[' and ']', as in '[0]'"),
        ("${.body.items[1x]}", 13, "an array index is digits between '[' and ']', as in '[0]'"),
        ("${.body.items[99999999999999999999]}", 13, "an array index is digits between '[' and ']', as in '[0]'"),
        ("${.body id}", 8, "unexpected character 'i' in placeholder"),
        ("${.body.items[0]x}", 16, "unexpected character 'x' in placeholder"),
        ("${.body{}", 7, "unexpected character '{' in placeholder"),
        ("é😀 ${x}", 5, "a placeholder's path starts with '.', as in '${.body.id}'"),
        ("ok ${.a} then ${", 14, "unclosed placeholder: '${' without '}'"),
    ])
    func malformed(source: String, position: Int, message: String) throws {
        let error = try #require(throws: TemplateError.self) { try StringTemplate(source) }
        #expect(error.position == position)
        #expect(error.message == message)
        #expect(error.path == "")
        #expect(error.description == "\(message) at character \(position)")
    }
}
