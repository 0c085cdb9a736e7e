// The model's documents are `JSONValue`s; whoever uses the model uses them too.
@_exported import CognateJSON
