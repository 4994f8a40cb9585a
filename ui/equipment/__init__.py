"""The Thiết bị page (issue 11): the register, rooms, the computer ratio and the minimum lists."""
