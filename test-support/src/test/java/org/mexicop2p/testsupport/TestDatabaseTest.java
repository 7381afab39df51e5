package org.mexicop2p.testsupport;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

@DatabaseTest
class TestDatabaseTest {

    @Test
    void eachDatabaseIsFreshAndOnTheSelectedEngine() throws Exception {
        TestDatabase first = TestDatabase.create();
        TestDatabase second = TestDatabase.create();
        assertEquals(TestDatabase.engine(), first.engineUsed());
        try (Connection c = DriverManager.getConnection(first.url(), first.username(), first.password());
             Statement s = c.createStatement()) {
            s.execute("create table probe (id int primary key)");
            s.execute("insert into probe values (1)");
            try (ResultSet r = s.executeQuery("select count(*) from probe")) {
                r.next();
                assertEquals(1, r.getInt(1));
            }
        }
        try (Connection c = DriverManager.getConnection(second.url(), second.username(), second.password());
             ResultSet tables = c.getMetaData().getTables(null, null, "probe", null)) {
            assertFalse(tables.next(), "a new database must not see another test's tables");
        }
    }
}
