import Foundation

FileHandle.standardError.write("kafkactl is not built yet\n".data(using: .utf8)!)
exit(1)
