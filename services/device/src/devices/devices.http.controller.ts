import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@ops/auth';
import { ZodPipe } from '@ops/http';
import { deviceParams, listDevicesQuery, registerDeviceRequest, updateDeviceRequest, type ListDevicesQuery, type RegisterDeviceRequest, type UpdateDeviceRequest } from './device.requests.js';
import { deviceView } from './device.view.js';
import { DevicesService } from './devices.service.js';

@Controller('api/v1/devices')
export class DevicesController {
  constructor(@Inject(DevicesService) private readonly devices: DevicesService) {}

  /** The credential (`<device_id>.<secret>`) is in this response only. */
  @Post()
  @HttpCode(201)
  async register(@CurrentPrincipal() principal: Principal, @Body(new ZodPipe(registerDeviceRequest)) body: RegisterDeviceRequest) {
    const { device, credential } = await this.devices.register(principal, body);
    return { ...deviceView(device), credential };
  }

  @Get()
  async list(@CurrentPrincipal() principal: Principal, @Query(new ZodPipe(listDevicesQuery)) query: ListDevicesQuery) {
    const rows = await this.devices.list(principal, query);
    return { data: rows.map(deviceView), next_cursor: rows.length === query.limit ? rows.at(-1)!.id : null };
  }

  @Get(':id')
  async get(@CurrentPrincipal() principal: Principal, @Param(new ZodPipe(deviceParams)) params: { id: string }) {
    return deviceView(await this.devices.get(principal, params.id));
  }

  @Patch(':id')
  async update(@CurrentPrincipal() principal: Principal, @Param(new ZodPipe(deviceParams)) params: { id: string }, @Body(new ZodPipe(updateDeviceRequest)) body: UpdateDeviceRequest) {
    return deviceView(await this.devices.update(principal, params.id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(@CurrentPrincipal() principal: Principal, @Param(new ZodPipe(deviceParams)) params: { id: string }) {
    await this.devices.delete(principal, params.id);
  }
}
