import CLibSerialPort

/// A serial port the system has, as `pac ports` prints it.
public struct SerialPortInfo: Sendable, Hashable {
    public enum Transport: String, Sendable, Hashable {
        case native, usb, bluetooth
    }

    /// The device path to open, e.g. `/dev/ttyUSB0`.
    public var name: String
    public var description: String
    public var transport: Transport
    public var usbVendorID: UInt16?
    public var usbProductID: UInt16?
    public var usbSerialNumber: String?
    public var usbManufacturer: String?
    public var usbProduct: String?

    public init(
        name: String, description: String, transport: Transport, usbVendorID: UInt16? = nil,
        usbProductID: UInt16? = nil, usbSerialNumber: String? = nil, usbManufacturer: String? = nil,
        usbProduct: String? = nil
    ) {
        self.name = name
        self.description = description
        self.transport = transport
        self.usbVendorID = usbVendorID
        self.usbProductID = usbProductID
        self.usbSerialNumber = usbSerialNumber
        self.usbManufacturer = usbManufacturer
        self.usbProduct = usbProduct
    }

    /// Every port libserialport finds (sp_list_ports), sorted by name. Listing opens no port.
    public static func all() throws(SerialPortError) -> [SerialPortInfo] {
        var list: UnsafeMutablePointer<OpaquePointer?>?
        if let error = SerialPortError.check(sp_list_ports(&list), port: "(all)", operation: "sp_list_ports") {
            throw error
        }
        guard let list else { return [] }
        defer { sp_free_port_list(list) }
        var ports: [SerialPortInfo] = []
        var index = 0
        while let port = list[index] {
            ports.append(SerialPortInfo(port))
            index += 1
        }
        return ports.sorted { $0.name < $1.name }
    }

    /// The details of one port by name, without opening it.
    public static func named(_ name: String) throws(SerialPortError) -> SerialPortInfo {
        var port: OpaquePointer?
        if let error = SerialPortError.check(sp_get_port_by_name(name, &port), port: name, operation: "sp_get_port_by_name") {
            throw error
        }
        guard let port else {
            throw SerialPortError(port: name, operation: "sp_get_port_by_name", kind: .invalidArgument, message: "no such port")
        }
        defer { sp_free_port(port) }
        return SerialPortInfo(port)
    }

    private init(_ port: OpaquePointer) {
        func text(_ pointer: UnsafeMutablePointer<CChar>?) -> String? { pointer.map { String(cString: $0) } }
        name = text(sp_get_port_name(port)) ?? ""
        description = text(sp_get_port_description(port)) ?? ""
        switch sp_get_port_transport(port) {
        case SP_TRANSPORT_USB: transport = .usb
        case SP_TRANSPORT_BLUETOOTH: transport = .bluetooth
        default: transport = .native
        }
        if transport == .usb {
            var vendor: Int32 = 0
            var product: Int32 = 0
            if sp_get_port_usb_vid_pid(port, &vendor, &product).rawValue >= 0 {
                usbVendorID = UInt16(truncatingIfNeeded: vendor)
                usbProductID = UInt16(truncatingIfNeeded: product)
            }
            usbSerialNumber = text(sp_get_port_usb_serial(port))
            usbManufacturer = text(sp_get_port_usb_manufacturer(port))
            usbProduct = text(sp_get_port_usb_product(port))
        }
    }
}
