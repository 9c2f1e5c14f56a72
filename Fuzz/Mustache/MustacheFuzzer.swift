import JSON
import Mustache

/// libFuzzer entry point: a fuzzed template is parsed and rendered with fuzzed data and partials,
/// standard, strict and strict plain text. Nothing may crash or hang, and:
/// - standard rendering never reports a missing name (missing names render as nothing);
/// - when strict rendering succeeds, nothing was missing, so standard rendering gives the same text;
/// - strict plain text fails exactly when strict HTML fails (escaping changes no lookup), unless
///   the escaped HTML alone grows past the output limit;
/// - however the input multiplies work, rendering stops within the options' budget of tag
///   visits and output bytes instead of hanging.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMustache(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = FuzzedTemplateInput(UnsafeBufferPointer(start: data, count: size))
    let template: MustacheTemplate
    do {
        template = try MustacheTemplate(input.source)
    } catch {
        precondition(error.location.line >= 1 && error.location.column >= 1, "error location \(error.location)")
        _ = error.description
        return 0
    }
    let standard = Result { () throws(MustacheError) in try template.render(input.data, partials: input.partials, options: .standard) }
    let strict = Result { () throws(MustacheError) in try template.render(input.data, partials: input.partials, options: .strict) }
    let plainText = Result { () throws(MustacheError) in try template.render(input.data, partials: input.partials, options: .strictPlainText) }

    if case .failure(let error) = standard {
        switch error {
        case .missingVariables, .missingPartial: preconditionFailure("standard rendering reported \(error)")
        default: break
        }
    }
    if case .success(let text) = strict {
        guard case .success(let standardText) = standard, standardText == text else {
            preconditionFailure("strict rendering succeeded but standard rendering gave \(standard)")
        }
    }
    switch (strict, plainText) {
    case (.success, .success), (.failure, .failure): break
    // Escaping makes the HTML longer, so only it may pass the output limit.
    case (.failure(.outputTooLarge), .success): break
    default: preconditionFailure("strict gave \(strict) but strict plain text gave \(plainText)")
    }
    return 0
}
