import Foundation

FileHandle.standardError.write("kafka-scheduler is not built yet\n".data(using: .utf8)!)
exit(1)
