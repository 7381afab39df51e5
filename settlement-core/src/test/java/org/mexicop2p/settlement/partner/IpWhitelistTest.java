package org.mexicop2p.settlement.partner;

import org.junit.jupiter.api.Test;
import org.mexicop2p.settlement.RejectedException;
import org.mexicop2p.settlement.Rejection;

import java.net.InetAddress;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpWhitelistTest {

    @Test
    void singleAddressesAndRanges() throws Exception {
        IpWhitelist list = IpWhitelist.parse(List.of("1.2.3.4", "10.0.0.0/8", "172.16.0.0/12", "2001:db8::/32"));
        assertTrue(list.allows(InetAddress.getByName("1.2.3.4")));
        assertFalse(list.allows(InetAddress.getByName("1.2.3.5")));
        assertTrue(list.allows(InetAddress.getByName("10.255.0.1")));
        assertTrue(list.allows(InetAddress.getByName("172.31.255.255")));
        assertFalse(list.allows(InetAddress.getByName("172.32.0.0")));
        assertTrue(list.allows(InetAddress.getByName("2001:db8:1::1")));
        assertFalse(list.allows(InetAddress.getByName("2001:db9::1")));
        assertFalse(list.allows(InetAddress.getByName("127.0.0.1")));
        assertTrue(IpWhitelist.parse(List.of()).allows(InetAddress.getByName("127.0.0.1")), "empty allows all");
    }

    @Test
    void rejectsAnythingThatIsNotALiteral() {
        for (String bad : List.of("1.2.3", "256.1.1.1", "10.0.0.0/33", "example.com", "1.2.3.4/", "::1/129",
                "1.2.3.4/8/8", "")) {
            RejectedException e = assertThrows(RejectedException.class, () -> IpWhitelist.parse(List.of(bad)), bad);
            assertEquals(Rejection.VALIDATION_ERROR, e.rejection());
            assertTrue(e.getMessage().startsWith("ipWhitelist"));
        }
        assertThrows(RejectedException.class,
                () -> IpWhitelist.parse(Collections.nCopies(IpWhitelist.MAX_ENTRIES + 1, "1.2.3.4")));
    }
}
