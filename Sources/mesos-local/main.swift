import Foundation

FileHandle.standardError.write("mesos-local is not built yet\n".data(using: .utf8)!)
exit(1)
