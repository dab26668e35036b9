"""Huawei Cloud billing orders (BSS customer orders): what a CloudPond order costs."""
