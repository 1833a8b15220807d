/// Tab in the command line: placeholder until the command table lands.
enum CommandCompletion {
    static func complete(_ s: inout BoardState, _ editor: inout LineEditor) {}
}
